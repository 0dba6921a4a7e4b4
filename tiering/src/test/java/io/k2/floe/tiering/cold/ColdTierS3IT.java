package io.k2.floe.tiering.cold;

import java.util.UUID;

/** The cold tier on the local S3 server (s3proxy) with the JDBC catalog on the local PostgreSQL. */
class ColdTierS3IT extends ColdTierContract {

    private final String warehouse = "s3://" + ColdSettings.env("FLOE_S3_BUCKET") + "/it-cold-" + UUID.randomUUID();

    @Override
    ColdCatalogs openCatalogs() {
        return ColdCatalogs.open(ColdSettings.jdbcCatalog(warehouse), ColdSettings.localObjectStore());
    }
}
