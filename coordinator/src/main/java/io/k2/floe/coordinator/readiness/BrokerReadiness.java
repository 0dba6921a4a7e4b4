package io.k2.floe.coordinator.readiness;

import io.k2.floe.tiering.broker.BrokerProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the Kafka-API broker (events in, commands out) does not answer. */
@Readiness
@Singleton
public class BrokerReadiness extends DependencyReadiness {

    public BrokerReadiness(ProbeRunner runner, BrokerProbe probe) {
        super(runner, probe);
    }
}
