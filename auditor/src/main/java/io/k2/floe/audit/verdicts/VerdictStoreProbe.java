package io.k2.floe.audit.verdicts;

import io.agroal.api.AgroalDataSource;
import io.k2.floe.tiering.cold.Locations;
import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;

/** The verdict store's database (PostgreSQL): a pooled connection that passes a validity check. */
@Singleton
public class VerdictStoreProbe implements DependencyProbe {

    private final AgroalDataSource dataSource;
    private final String url;

    public VerdictStoreProbe(AgroalDataSource dataSource,
                             @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    @Override
    public String dependency() {
        return "verdict-store";
    }

    @Override
    public ProbeResult probe() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                return ProbeResult.down("connection to " + Locations.redact(url) + " is not valid",
                        ProbeResult.data("url", Locations.redact(url)));
            }
            return ProbeResult.up("verdict store answered", ProbeResult.data("url", Locations.redact(url)));
        }
    }
}
