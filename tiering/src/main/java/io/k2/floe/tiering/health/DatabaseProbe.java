package io.k2.floe.tiering.health;

import io.k2.floe.tiering.cold.Locations;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * A service's own PostgreSQL database (the coordinator's ledger, the auditor's verdict store): a pooled connection
 * that passes a validity check. Subclasses name the dependency.
 */
public abstract class DatabaseProbe implements DependencyProbe {

    private final DataSource dataSource;
    private final String url;
    private final String what;

    /**
     * @param url  the JDBC URL, shown with its credentials removed
     * @param what what the database is for, e.g. {@code ledger database}
     */
    protected DatabaseProbe(DataSource dataSource, String url, String what) {
        this.dataSource = dataSource;
        this.url = url;
        this.what = what;
    }

    @Override
    public ProbeResult probe() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                return ProbeResult.down("connection to " + Locations.redact(url) + " is not valid",
                        ProbeResult.data("url", Locations.redact(url)));
            }
            return ProbeResult.up(what + " answered", ProbeResult.data("url", Locations.redact(url),
                    "database", connection.getMetaData().getDatabaseProductName() + " "
                            + connection.getMetaData().getDatabaseProductVersion()));
        }
    }
}
