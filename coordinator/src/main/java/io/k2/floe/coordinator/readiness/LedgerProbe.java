package io.k2.floe.coordinator.readiness;

import io.agroal.api.AgroalDataSource;
import io.k2.floe.tiering.health.DatabaseProbe;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The ledger database (PostgreSQL): a pooled connection that passes a validity check. */
@Singleton
public class LedgerProbe extends DatabaseProbe {

    public LedgerProbe(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        super(dataSource, url, "ledger database");
    }

    @Override
    public String dependency() {
        return "postgresql";
    }
}
