package io.k2.floe.offload.readiness;

import io.k2.floe.tiering.warm.ClickHouseProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while ClickHouse (the warm tier offloads read from) does not answer. */
@Readiness
@Singleton
public class WarmTierReadiness extends DependencyReadiness {

    public WarmTierReadiness(ProbeRunner runner, ClickHouseProbe probe) {
        super(runner, probe);
    }
}
