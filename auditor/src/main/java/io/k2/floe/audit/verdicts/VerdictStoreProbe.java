package io.k2.floe.audit.verdicts;

import io.agroal.api.AgroalDataSource;
import io.k2.floe.tiering.health.DatabaseProbe;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The verdict store's database (PostgreSQL): a pooled connection that passes a validity check. */
@Singleton
public class VerdictStoreProbe extends DatabaseProbe {

    public VerdictStoreProbe(AgroalDataSource dataSource,
                             @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        super(dataSource, url, "verdict store");
    }

    @Override
    public String dependency() {
        return "verdict-store";
    }
}
