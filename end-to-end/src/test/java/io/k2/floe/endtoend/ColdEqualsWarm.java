package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares one cold table with its warm table up to the table's committed marker, key by key: the cold side read by
 * Iceberg's generic reader at the marker's snapshot, the warm side by the same rows a window up to the marker selects
 * (FINAL for silver, finalized bars for gold). A key the warm side holds n times must be in the cold table n times
 * (bronze keeps the exchanges' duplicate messages); extra copies are duplicates, missing ones losses.
 */
final class ColdEqualsWarm {

    /** Far before any generated trade: the window then covers everything up to the marker. */
    private static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

    record Result(String table, Instant marker, long warmRows, long coldRows, long duplicates, long losses) {
        @Override
        public String toString() {
            return table + " up to " + marker + ": warm " + warmRows + ", cold " + coldRows + ", duplicates "
                    + duplicates + ", losses " + losses;
        }
    }

    private ColdEqualsWarm() {
    }

    /** @return empty when nothing was committed to the table yet */
    static Optional<Result> compare(CatalogTable table, Catalog cold, ClickHouseHttp http, WarmSql warm) {
        TableIdentifier id = TableIdentifier.of(table.coldNamespace(), table.coldName());
        if (!cold.tableExists(id)) {
            return Optional.empty();
        }
        Table iceberg = cold.loadTable(id);
        Optional<MarkerAt> marker = MarkerHistory.latest(iceberg);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        Instant upper = marker.get().marker().windowUpper();
        Map<String, Long> coldKeys = coldKeys(iceberg, marker.get().snapshotId(), table.keyColumns());
        Map<String, Long> warmKeys = warmKeys(table, http, warm, upper);
        long duplicates = 0;
        long losses = 0;
        for (Map.Entry<String, Long> entry : coldKeys.entrySet()) {
            duplicates += Math.max(0, entry.getValue() - warmKeys.getOrDefault(entry.getKey(), 0L));
        }
        for (Map.Entry<String, Long> entry : warmKeys.entrySet()) {
            losses += Math.max(0, entry.getValue() - coldKeys.getOrDefault(entry.getKey(), 0L));
        }
        long warmRows = warmKeys.values().stream().mapToLong(Long::longValue).sum();
        long coldRows = coldKeys.values().stream().mapToLong(Long::longValue).sum();
        return Optional.of(new Result(table.id(), upper, warmRows, coldRows, duplicates, losses));
    }

    private static Map<String, Long> coldKeys(Table table, long snapshotId, List<String> keys) {
        Map<String, Long> counts = new HashMap<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId).select(keys).build()) {
            for (Record row : rows) {
                StringBuilder key = new StringBuilder();
                for (String column : keys) {
                    key.append(coldText(row.getField(column))).append('|');
                }
                counts.merge(key.toString(), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private static String coldText(Object value) {
        if (value instanceof OffsetDateTime t) {
            return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant()));
        }
        if (value instanceof LocalDateTime t) {
            return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant(ZoneOffset.UTC)));
        }
        return String.valueOf(value);
    }

    private static Map<String, Long> warmKeys(CatalogTable table, ClickHouseHttp http, WarmSql warm, Instant upper) {
        try {
            WarmColumns columns = new WarmColumns(http);
            List<WarmColumn> all = columns.of(table);
            WarmWindowQuery query = new WarmWindowQuery(table, all, columns.needsFinal(table.warmRead()));
            String key = table.keyColumns().stream().map(c -> warmText(c, all))
                    .collect(Collectors.joining(", '|', ", "concat(", ", '|')"));
            String sql = "SELECT " + key + " AS k, count() FROM " + query.source() + " WHERE "
                    + query.windowCondition(new Window(BEGINNING, upper)) + " GROUP BY k";
            Map<String, Long> counts = new HashMap<>();
            for (String[] row : warm.rows(sql)) {
                counts.put(row[0], Long.parseLong(row[1]));
            }
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key column as the text the cold side gives: DateTime as epoch microseconds (the cold type is a timestamp). */
    private static String warmText(String column, List<WarmColumn> columns) {
        WarmColumn warm = columns.stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no warm column " + column));
        String type = warm.warmType().kind().name();
        if (type.startsWith("DATE")) {
            return "toString(toInt64(toUnixTimestamp(`" + column + "`)) * 1000000)";
        }
        return "toString(`" + column + "`)";
    }

    /**
     * Asserts that every table of the catalog has a committed marker and, up to it, exactly the warm table's rows: no
     * duplicate, no loss, and at least one row compared. Prints each table's comparison.
     */
    static void assertEveryTable(TableCatalog catalog, Catalog cold, ClickHouseHttp http, WarmSql warm, String when) {
        List<Result> results = new ArrayList<>();
        for (CatalogTable table : catalog.tables()) {
            Optional<Result> result = compare(table, cold, http, warm);
            assertThat(result).as("%s: %s has a committed marker", when, table.id()).isPresent();
            results.add(result.get());
        }
        System.out.println("cold = warm " + when + ":");
        results.forEach(r -> System.out.println("  " + r));
        for (Result result : results) {
            assertThat(result.duplicates()).as("%s: duplicates in %s", when, result).isZero();
            assertThat(result.losses()).as("%s: losses in %s", when, result).isZero();
            assertThat(result.coldRows()).as("%s: %s", when, result).isEqualTo(result.warmRows());
        }
        for (Result result : results) {
            assertThat(result.warmRows()).as("%s: rows compared in %s", when, result.table()).isPositive();
        }
    }
}
