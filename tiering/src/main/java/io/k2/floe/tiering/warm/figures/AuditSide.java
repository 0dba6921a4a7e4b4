package io.k2.floe.tiering.warm.figures;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.warm.GoldBars;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What both sides of one table's audit share: the columns compared (the warm read's columns that the cold table has,
 * in warm order), the checksum over them, the warm query and, for gold, how bars are computed from silver. The
 * auditor uses it for both sides; warm retention (maintenance worker) for the warm side, so that a partition is
 * checked again with exactly the columns and query it was audited with.
 *
 * @param timeColumn the table's time column among {@code checksum.columns()}
 */
public record AuditSide(CatalogTable table, RowChecksum checksum, WarmColumn timeColumn, WarmWindowQuery query,
                        Optional<GoldBars> bars) {

    private static final Logger LOG = Logger.getLogger(AuditSide.class);

    /**
     * The audit of {@code table} against its cold table {@code cold}, with the warm table's columns as they are now
     * and decimals written as the ClickHouse server prints them ({@link WarmFigures#decimalText()}).
     *
     * @throws io.k2.floe.tiering.warm.UnsupportedColumnTypeException naming a column whose type Floe cannot compare
     */
    public static AuditSide of(CatalogTable table, Table cold, WarmColumns warmColumns, TableCatalog catalog,
                               DecimalText decimals) throws IOException {
        List<WarmColumn> all = warmColumns.of(table);
        List<WarmColumn> compared = new ArrayList<>();
        for (WarmColumn column : all) {
            if (cold.schema().findField(column.name()) != null) {
                compared.add(column);
            } else {
                // the warm table gained it after the last offload; the next offload adds it to the cold table
                LOG.infof("%s: warm column %s is not in %s yet and is left out of the comparison", table.id(),
                        column.name(), cold.name());
            }
        }
        WarmColumn time = compared.stream().filter(c -> c.name().equals(table.timeColumn())).findFirst()
                .orElseThrow(() -> new IllegalStateException("time column " + table.timeColumn() + " of "
                        + table.id() + " is missing in " + cold.name()));
        WarmWindowQuery query = new WarmWindowQuery(table, all, warmColumns.needsFinal(table.warmRead()));
        Optional<GoldBars> bars = table.isGold() ? Optional.of(GoldBars.of(catalog, table)) : Optional.empty();
        return new AuditSide(table, new RowChecksum(compared, decimals), time, query, bars);
    }

    public List<WarmColumn> columns() {
        return checksum.columns();
    }

    /** Position of the time column in {@link #columns()}. */
    public int timeIndex() {
        return columns().indexOf(timeColumn);
    }
}
