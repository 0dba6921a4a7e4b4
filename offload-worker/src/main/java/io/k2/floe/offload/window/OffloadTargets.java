package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * Brings a table's two sides together before rows move: discovers the warm columns, creates the cold table on first
 * use (R-TABLES layout) or adds the columns the warm table has gained (R-TYPES evolution), and builds the query.
 */
@ApplicationScoped
public class OffloadTargets {

    private static final Logger LOG = Logger.getLogger(OffloadTargets.class);

    private final WarmColumns warmColumns;
    private final ColdTier coldTier;

    public OffloadTargets(WarmColumns warmColumns, ColdTier coldTier) {
        this.warmColumns = warmColumns;
        this.coldTier = coldTier;
    }

    /** A table ready to receive rows: its warm columns, its (evolved) cold table and its warm query. */
    public record Target(CatalogTable table, List<WarmColumn> columns, Table cold, WarmWindowQuery query,
                         boolean finalRead) {
    }

    /**
     * @throws io.k2.floe.tiering.warm.UnsupportedColumnTypeException naming table and column, before anything changes
     */
    public Target prepare(CatalogTable table) throws IOException {
        List<WarmColumn> columns = warmColumns.of(table);
        boolean finalRead = warmColumns.needsFinal(table.warmRead());
        WarmWindowQuery query = new WarmWindowQuery(table, columns, finalRead);
        Schema wanted = ColdSchemas.of(columns);
        Table cold = coldTier.tables().createIfMissing(table, wanted);
        List<String> added = ColdTables.addMissingColumns(cold, wanted);
        if (!added.isEmpty()) {
            LOG.infof("cold table %s evolved: added %s", cold.name(), added);
        }
        return new Target(table, columns, cold, query, finalRead);
    }
}
