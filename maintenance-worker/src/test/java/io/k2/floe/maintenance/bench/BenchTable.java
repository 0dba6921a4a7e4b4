package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.Optional;

/** The bench's cold table in the bench's own catalog ({@code FLOE_CATALOG_NAME}, {@code FLOE_WAREHOUSE}). */
final class BenchTable {

    private BenchTable() {
    }

    /** The table's declaration, as every service reads it from the catalog configuration. */
    static CatalogTable declaration() {
        return TableCatalog.load().get(MaintenanceBench.TABLE);
    }

    static ColdCatalogs open() {
        return ColdCatalogs.open(BenchEnv.catalog(), BenchEnv.objectStore());
    }

    /** The cold table, if the bench has made it. */
    static Optional<Table> load(ColdCatalogs catalogs) {
        TableIdentifier id = ColdTables.identifier(declaration());
        return catalogs.catalog().tableExists(id) ? Optional.of(catalogs.catalog().loadTable(id)) : Optional.empty();
    }

    /** Drops the bench's cold table and its files (a new fill starts from nothing). */
    static void drop() throws Exception {
        try (ColdCatalogs catalogs = open()) {
            TableIdentifier id = ColdTables.identifier(declaration());
            boolean dropped = catalogs.catalog().tableExists(id) && catalogs.catalog().dropTable(id, true);
            System.out.println("dropped=" + dropped);
        }
    }
}
