package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.RowSink;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Compares one cold table with its warm table up to the table's committed marker row by row: every column the cold
 * table has, keys and values. The warm side is read with the offload worker's own window query and RowBinary decoder
 * (so values arrive in cold-tier terms), the cold side with Iceberg's generic reader at the marker's snapshot; both are
 * turned into the same canonical text per row. Rows are grouped by key: a key with more cold copies than warm ones
 * holds duplicates, with fewer losses, and a key with as many copies whose rows differ holds changed rows.
 */
final class RowByRow {

    /** Far before any generated trade: the window then covers everything up to the marker. */
    private static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

    record Result(String table, Instant marker, long warmRows, long coldRows, long duplicates, long losses,
                  long changed, List<String> examples) {

        boolean clean() {
            return duplicates == 0 && losses == 0 && changed == 0 && warmRows == coldRows;
        }

        @Override
        public String toString() {
            return String.format("%-22s up to %s: warm %,9d  cold %,9d  duplicates %d  losses %d  changed %d%s", table,
                    marker, warmRows, coldRows, duplicates, losses, changed, examples.isEmpty() ? "" : "  e.g. " + examples);
        }
    }

    private RowByRow() {
    }

    /** @return empty when nothing was committed to the table yet */
    static Optional<Result> compare(CatalogTable table, Catalog cold, ClickHouseHttp http) {
        TableIdentifier id = ColdTables.identifier(table);
        if (!cold.tableExists(id)) {
            return Optional.empty();
        }
        Table iceberg = cold.loadTable(id);
        Optional<MarkerAt> marker = MarkerHistory.latest(iceberg);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        List<String> columns = iceberg.schema().columns().stream().map(Types.NestedField::name).toList();
        Instant upper = marker.get().marker().windowUpper();
        Map<String, List<String>> coldRows = coldRows(iceberg, columns, table.keyColumns());
        Map<String, List<String>> warmRows = warmRows(table, http, upper, columns);
        long duplicates = 0;
        long losses = 0;
        long changed = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : coldRows.entrySet()) {
            List<String> warm = warmRows.getOrDefault(entry.getKey(), List.of());
            long extra = entry.getValue().size() - warm.size();
            if (extra > 0) {
                duplicates += extra;
                example(examples, "duplicate " + entry.getKey());
            }
        }
        for (Map.Entry<String, List<String>> entry : warmRows.entrySet()) {
            List<String> coldCopies = coldRows.getOrDefault(entry.getKey(), List.of());
            long missing = entry.getValue().size() - coldCopies.size();
            if (missing > 0) {
                losses += missing;
                example(examples, "lost " + entry.getKey());
            } else if (missing == 0 && !sorted(entry.getValue()).equals(sorted(coldCopies))) {
                changed += entry.getValue().size();
                example(examples, "changed " + entry.getValue() + " -> " + coldCopies);
            }
        }
        return Optional.of(new Result(table.id(), upper, count(warmRows), count(coldRows), duplicates, losses, changed,
                examples));
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 3) {
            examples.add(example);
        }
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    private static long count(Map<String, List<String>> rows) {
        return rows.values().stream().mapToLong(List::size).sum();
    }

    private static Map<String, List<String>> coldRows(Table table, List<String> columns,
                                                     List<String> keys) {
        Map<String, List<String>> rows = new HashMap<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                String[] values = new String[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = coldText(record.getField(columns.get(i)));
                }
                add(rows, columns, keys, values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static void add(Map<String, List<String>> rows, List<String> columns, List<String> keys, String[] values) {
        StringBuilder key = new StringBuilder();
        for (String column : keys) {
            key.append(values[columns.indexOf(column)]).append('|');
        }
        rows.computeIfAbsent(key.toString(), k -> new ArrayList<>(1)).add(String.join("|", values));
    }

    /** A cold value as canonical text; the warm sink writes the same text for the same value. */
    static String coldText(Object value) {
        return switch (value) {
            case null -> "null";
            case OffsetDateTime t -> Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant()));
            case LocalDateTime t -> Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant(ZoneOffset.UTC)));
            case LocalDate d -> Long.toString(d.toEpochDay());
            case BigDecimal d -> decimal(d);
            case ByteBuffer b -> {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                yield HexFormat.of().formatHex(bytes);
            }
            case byte[] b -> HexFormat.of().formatHex(b);
            default -> value.toString();
        };
    }

    private static String decimal(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static Map<String, List<String>> warmRows(CatalogTable table, ClickHouseHttp http, Instant upper,
                                                     List<String> coldColumns) {
        try {
            WarmColumns columns = new WarmColumns(http);
            List<WarmColumn> all = columns.of(table);
            WarmWindowQuery query = new WarmWindowQuery(table, all, columns.needsFinal(table.warmRead()));
            List<String> names = all.stream().map(WarmColumn::name).toList();
            if (!names.containsAll(coldColumns)) {
                throw new IllegalStateException(table.id() + ": cold columns " + coldColumns
                        + " are not all in the warm read " + names);
            }
            Map<String, List<String>> rows = new HashMap<>();
            String[] values = new String[names.size()];
            new WarmReader(http).read(query.window(new Window(BEGINNING, upper)), query.settings(), all, new RowSink() {
                @Override
                public void setNull(int column) {
                    values[column] = "null";
                }

                @Override
                public void setBoolean(int column, boolean value) {
                    values[column] = Boolean.toString(value);
                }

                @Override
                public void setInt(int column, int value) {
                    values[column] = Integer.toString(value);
                }

                @Override
                public void setLong(int column, long value) {
                    values[column] = Long.toString(value);
                }

                @Override
                public void setFloat(int column, float value) {
                    values[column] = Float.toString(value);
                }

                @Override
                public void setDouble(int column, double value) {
                    values[column] = Double.toString(value);
                }

                @Override
                public void setDecimal(int column, long unscaled, int scale) {
                    values[column] = decimal(BigDecimal.valueOf(unscaled, scale));
                }

                @Override
                public void setDecimal(int column, BigDecimal value) {
                    values[column] = decimal(value);
                }

                @Override
                public void setString(int column, byte[] bytes, int offset, int length) {
                    values[column] = new String(bytes, offset, length, StandardCharsets.UTF_8);
                }

                @Override
                public void setEnumName(int column, String name) {
                    values[column] = name;
                }

                @Override
                public void setFixed(int column, byte[] bytes, int offset, int length) {
                    values[column] = HexFormat.of().formatHex(bytes, offset, offset + length);
                }

                @Override
                public void setUuid(int column, long mostSignificant, long leastSignificant) {
                    values[column] = new UUID(mostSignificant, leastSignificant).toString();
                }

                @Override
                public void setDate(int column, int epochDay) {
                    values[column] = Integer.toString(epochDay);
                }

                @Override
                public void setTimestampMicros(int column, long micros) {
                    values[column] = Long.toString(micros);
                }

                @Override
                public boolean endRow() {
                    String[] row = new String[coldColumns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = values[names.indexOf(coldColumns.get(i))];
                    }
                    add(rows, coldColumns, table.keyColumns(), row);
                    return true;
                }
            });
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
