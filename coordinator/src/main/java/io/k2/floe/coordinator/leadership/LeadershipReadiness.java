package io.k2.floe.coordinator.leadership;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says in readiness which coordinator leads: {@code role} is {@code leader} or {@code standby}, with this instance's
 * id, the leader's and the epoch. Always UP: a standby is ready for what it does (serving reads, taking over within the
 * lease duration), and a Kubernetes rollout of two replicas must not wait on a pod that stands by.
 */
@Readiness
@Singleton
public class LeadershipReadiness implements HealthCheck {

    private final Leadership leadership;

    public LeadershipReadiness(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        boolean leads = leadership.isLeader();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("leadership").up()
                .withData("role", leads ? "leader" : "standby")
                .withData("instance", leadership.instanceId())
                .withData("leader", leadership.leader().orElse("none"));
        if (leads) {
            answer.withData("epoch", leadership.epoch());
        }
        return answer.build();
    }
}
