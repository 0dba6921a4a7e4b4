package io.k2.floe.tiering.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeRunnerTest {

    private final ProbeRunner runner = new ProbeRunner(() -> Duration.ofMillis(300));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        runner.stop();
    }

    @Test
    void aProbeThatAnswersGivesUpNamedAfterTheDependencyWithItsData() {
        HealthCheckResponse response = runner.check(probe("clickhouse",
                () -> ProbeResult.up("answered", Map.of("version", "18.16.1")))).await().atMost(Duration.ofSeconds(5));

        assertThat(response.getName()).isEqualTo("clickhouse");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("version", "18.16.1").containsKey("millis");
    }

    @Test
    void aProbeThatFailsGivesDownWithTheFailureButNoStackTrace() {
        HealthCheckResponse response = runner.check(probe("broker", () -> {
            throw new java.net.ConnectException("cannot connect to 127.0.0.1:19092");
        })).await().atMost(Duration.ofSeconds(5));

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("error"))
                .isEqualTo("ConnectException: cannot connect to 127.0.0.1:19092");
    }

    @Test
    void aHangingProbeGivesDownAtTheDeadlineAndIsJoinedRatherThanStartedAgain() {
        AtomicInteger started = new AtomicInteger();
        DependencyProbe hanging = probe("object-store", () -> {
            started.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            return ProbeResult.up("late", Map.of());
        });

        long begin = System.nanoTime();
        HealthCheckResponse first = runner.check(hanging).await().atMost(Duration.ofSeconds(5));
        HealthCheckResponse second = runner.check(hanging).await().atMost(Duration.ofSeconds(5));
        long millis = (System.nanoTime() - begin) / 1_000_000;

        assertThat(first.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(first.getData().orElseThrow().get("error")).isEqualTo("no answer within 300 ms");
        assertThat(second.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(millis).isLessThan(2_000);
        assertThat(started).hasValue(1);

        release.countDown();
        HealthCheckResponse recovered = awaitStatus(hanging, HealthCheckResponse.Status.UP);
        assertThat(recovered.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    private HealthCheckResponse awaitStatus(DependencyProbe probe, HealthCheckResponse.Status status) {
        HealthCheckResponse last = null;
        for (int i = 0; i < 50; i++) {
            last = runner.check(probe).await().atMost(Duration.ofSeconds(5));
            if (last.getStatus() == status) {
                return last;
            }
        }
        return last;
    }

    private static DependencyProbe probe(String name, ProbeBody body) {
        return new DependencyProbe() {
            @Override
            public String dependency() {
                return name;
            }

            @Override
            public ProbeResult probe() throws Exception {
                return body.run();
            }
        };
    }

    @FunctionalInterface
    private interface ProbeBody {
        ProbeResult run() throws Exception;
    }
}
