package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.health.DatabaseProbe;

import javax.sql.DataSource;

/**
 * The verdict store's database (PostgreSQL): a pooled connection that passes a validity check. Shared by the services
 * that use the store (the auditor records verdicts, the maintenance worker reads them before dropping warm
 * partitions); not a bean here, since only those services have the datasource: each constructs it with its own.
 */
public class VerdictStoreProbe extends DatabaseProbe {

    /** @param url the datasource's JDBC URL, shown with its credentials removed */
    public VerdictStoreProbe(DataSource dataSource, String url) {
        super(dataSource, url, "verdict store");
    }

    @Override
    public String dependency() {
        return "verdict-store";
    }
}
