package io.k2.floe.audit.readiness;

import io.k2.floe.tiering.cold.ObjectStoreProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the warehouse storage (audits read cold data files there) is unusable. */
@Readiness
@Singleton
public class ObjectStoreReadiness extends DependencyReadiness {

    public ObjectStoreReadiness(ProbeRunner runner, ObjectStoreProbe probe) {
        super(runner, probe);
    }
}
