package io.k2.floe.offload.readiness;

import io.k2.floe.tiering.cold.IcebergCatalogProbe;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the Iceberg catalog (where offloads commit) does not answer. */
@Readiness
@Singleton
public class CatalogReadiness extends DependencyReadiness {

    public CatalogReadiness(ProbeRunner runner, IcebergCatalogProbe probe) {
        super(runner, probe);
    }
}
