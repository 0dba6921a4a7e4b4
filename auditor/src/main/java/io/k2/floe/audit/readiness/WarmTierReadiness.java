package io.k2.floe.audit.readiness;

import io.k2.floe.tiering.warm.ClickHouseProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while ClickHouse (the warm tier, compared with the cold tier) does not answer. */
@Readiness
@Singleton
public class WarmTierReadiness extends DependencyReadiness {

    public WarmTierReadiness(ProbeRunner runner, ClickHouseProbe probe) {
        super(runner, probe);
    }
}
