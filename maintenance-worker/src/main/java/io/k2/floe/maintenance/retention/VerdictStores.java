package io.k2.floe.maintenance.retention;

import io.agroal.api.AgroalDataSource;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.verdicts.WarmDrops;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The auditor's verdict store, which warm retention reads, and the record of warm drops beside it: the same
 * PostgreSQL schema ({@code FLOE_AUDIT_SCHEMA}, default {@code floe_audit}), migrated by Flyway at start-up from
 * tiering's {@code db/verdicts} by whichever of the auditor and this worker starts first.
 */
@Singleton
public class VerdictStores {

    @Produces
    @Singleton
    VerdictStore verdictStore(AgroalDataSource dataSource,
                              @ConfigProperty(name = "quarkus.flyway.default-schema") String schema) {
        return new VerdictStore(dataSource, schema);
    }

    @Produces
    @Singleton
    WarmDrops warmDrops(AgroalDataSource dataSource, VerdictStore store) {
        return new WarmDrops(dataSource, store);
    }
}
