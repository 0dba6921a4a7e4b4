package io.k2.floe.audit.readiness;

import io.k2.floe.audit.verdicts.VerdictStoreProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the verdict store (PostgreSQL; every audit records its verdicts there) does not answer. */
@Readiness
@Singleton
public class VerdictStoreReadiness extends DependencyReadiness {

    public VerdictStoreReadiness(ProbeRunner runner, VerdictStoreProbe probe) {
        super(runner, probe);
    }
}
