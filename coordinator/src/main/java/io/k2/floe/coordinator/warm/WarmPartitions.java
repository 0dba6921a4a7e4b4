package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.ClickHouseIdentifiers;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How many rows of a cold partition the warm tier still holds for a repair to read: the rows whose time column lies in
 * the partition's time range, in the warm table the repair reads — the table's own warm table, except for gold, whose
 * repair computes the bars from its silver table's trades (a gold table's own warm rows outlive silver's days, and
 * counting them would let a repair go ahead with no trade to read). A repair replaces a cold partition with what the
 * warm tier holds, so a partition the warm tier no longer has (retention dropped it) must not be repaired: the repair
 * would empty it.
 */
@ApplicationScoped
public class WarmPartitions {

    /** ClickHouse's error code for a table that does not exist. */
    private static final String UNKNOWN_TABLE = "60";

    private final ClickHouseHttp clickHouse;
    private final TableCatalog catalog;

    public WarmPartitions(ClickHouseHttp clickHouse, TableCatalog catalog) {
        this.clickHouse = clickHouse;
        this.catalog = catalog;
    }

    /**
     * The catalog table whose warm table a repair of {@code table} reads: the first table a gold table depends on
     * (its silver trades, see {@code GoldBars}), the table itself otherwise.
     */
    public CatalogTable readBy(CatalogTable table) {
        return table.isGold() ? catalog.get(table.dependsOn().getFirst()) : table;
    }

    /**
     * @param label the partition, e.g. {@code 2026-03-01} for a day transform
     * @throws IllegalArgumentException       when {@code label} is not a partition of the table's transform
     * @throws UnknownWarmTableException      when the warm table does not exist
     * @throws IOException                    when ClickHouse cannot be reached
     * @throws io.k2.floe.tiering.warm.WarmReadException when ClickHouse refuses the query
     */
    public long rows(CatalogTable table, String label) throws IOException {
        Instant start = table.partition().startOf(label);
        Instant end = table.partition().endOf(label);
        CatalogTable read = readBy(table);
        String warm = ClickHouseHttp.identifier("table", read.warmTable());
        String type = read.timeEncoding() == TimeEncoding.DATETIME ? columnType(warm, read.timeColumn()) : null;
        String condition = PartitionRange.condition(read.timeColumn(), read.timeEncoding(), type, start, end);
        try {
            return Long.parseLong(text("SELECT count() FROM " + ClickHouseIdentifiers.quote(warm) + " WHERE " + condition + " FORMAT TSV"));
        } catch (ClickHouseHttp.ClickHouseQueryException e) {
            if (UNKNOWN_TABLE.equals(e.code())) {
                throw new UnknownWarmTableException(clickHouse.database(), warm);
            }
            throw e;
        }
    }

    /**
     * The warm table's partitions, as the cold tier labels them: ClickHouse's {@code toYYYYMMDD} days
     * ({@code 20260301}) for day-partitioned tables and {@code toYYYYMM} months ({@code 202603}) for month-partitioned
     * ones, read from {@code system.parts} (active parts only). Partitions of another shape are left out: retention
     * only ever names partitions it can map to a cold partition.
     *
     * @throws UnknownWarmTableException when the warm table does not exist
     * @throws IOException                when ClickHouse cannot be reached
     */
    public List<String> labels(CatalogTable table) throws IOException {
        String warm = ClickHouseHttp.identifier("table", table.warmTable());
        if (text("SELECT count() FROM system.tables WHERE database = '" + clickHouse.database() + "' AND name = '"
                + warm + "' FORMAT TSV").equals("0")) {
            throw new UnknownWarmTableException(clickHouse.database(), warm);
        }
        String ids = text("SELECT DISTINCT partition FROM system.parts WHERE database = '" + clickHouse.database()
                + "' AND table = '" + warm + "' AND active FORMAT TSV");
        List<String> labels = new ArrayList<>();
        for (String id : ids.lines().map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            WarmPartitionIds.label(table.partition(), id).ifPresent(labels::add);
        }
        return labels;
    }

    /** Where a partition's rows are looked for, for messages: {@code db.table, column in [start, end)}. */
    public String describe(CatalogTable table, String label) {
        CatalogTable read = readBy(table);
        return clickHouse.database() + "." + read.warmTable() + ", " + read.timeColumn() + " in ["
                + table.partition().startOf(label) + ", " + table.partition().endOf(label) + ")";
    }

    private String columnType(String warm, String column) throws IOException {
        ClickHouseHttp.identifier("column", column);
        String type = text("SELECT type FROM system.columns WHERE database = '" + clickHouse.database()
                + "' AND table = '" + warm + "' AND name = '" + column + "' FORMAT TSV");
        if (type.isEmpty()) {
            if (text("SELECT count() FROM system.tables WHERE database = '" + clickHouse.database() + "' AND name = '"
                    + warm + "' FORMAT TSV").equals("0")) {
                throw new UnknownWarmTableException(clickHouse.database(), warm);
            }
            throw new IllegalStateException("warm table " + clickHouse.database() + "." + warm
                    + " has no column " + column + " (the catalog's time column)");
        }
        return type;
    }

    private String text(String sql) throws IOException {
        try (InputStream in = clickHouse.query(sql)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
