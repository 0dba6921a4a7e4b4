package io.k2.floe.maintenance.readiness;

import io.agroal.api.AgroalDataSource;
import io.k2.floe.tiering.health.DependencyReadiness;
import io.k2.floe.tiering.health.ProbeRunner;
import io.k2.floe.tiering.verdicts.VerdictStoreProbe;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the auditor's verdict store (PostgreSQL) does not answer: warm retention drops a warm partition only
 * against an equal verdict read from there.
 */
@Readiness
@Singleton
public class VerdictStoreReadiness extends DependencyReadiness {

    public VerdictStoreReadiness(ProbeRunner runner, AgroalDataSource dataSource,
                                 @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        super(runner, new VerdictStoreProbe(dataSource, url));
    }
}
