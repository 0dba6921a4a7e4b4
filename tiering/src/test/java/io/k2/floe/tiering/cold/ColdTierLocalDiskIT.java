package io.k2.floe.tiering.cold;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The cold tier in a local directory with the JDBC catalog on the local PostgreSQL. */
class ColdTierLocalDiskIT extends ColdTierContract {

    @TempDir
    Path warehouse;

    @Override
    ColdCatalogs openCatalogs() {
        return ColdCatalogs.open(ColdSettings.jdbcCatalog(warehouse.toString()), ColdSettings.localObjectStore());
    }
}
