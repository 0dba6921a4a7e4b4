package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How many rows of a cold partition the warm tier still holds: the rows of the table's warm table whose time column
 * lies in the partition's time range. A repair replaces a cold partition with what the warm tier holds, so a
 * partition the warm tier no longer has (retention dropped it) must not be repaired: the repair would empty it.
 */
@ApplicationScoped
public class WarmPartitions {

    /** ClickHouse's error code for a table that does not exist. */
    private static final String UNKNOWN_TABLE = "60";

    private final ClickHouseHttp clickHouse;

    public WarmPartitions(ClickHouseHttp clickHouse) {
        this.clickHouse = clickHouse;
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
        String warm = ClickHouseHttp.identifier("table", table.warmTable());
        String type = table.timeEncoding() == TimeEncoding.DATETIME ? columnType(warm, table.timeColumn()) : null;
        String condition = PartitionRange.condition(table.timeColumn(), table.timeEncoding(), type, start, end);
        try {
            return Long.parseLong(text("SELECT count() FROM `" + warm + "` WHERE " + condition + " FORMAT TSV"));
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
        return clickHouse.database() + "." + table.warmTable() + ", " + table.timeColumn() + " in ["
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
