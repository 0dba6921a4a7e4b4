package io.k2.floe.coordinator.readiness;

import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the ledger database (PostgreSQL) does not answer. */
@Readiness
@Singleton
public class LedgerReadiness extends DependencyReadiness {

    public LedgerReadiness(ProbeRunner runner, LedgerProbe probe) {
        super(runner, probe);
    }
}
