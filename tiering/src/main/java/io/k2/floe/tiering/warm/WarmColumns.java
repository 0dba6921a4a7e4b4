package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovers a warm table's columns from {@code system.columns} and maps each to its cold type.
 * 18.16's {@code system.columns} has no {@code position} column; it lists a table's columns in
 * definition order (as current releases do too), so the order returned is kept.
 */
public final class WarmColumns {

    /** Suffix of the warm tier's Int64 epoch-microsecond columns (docs/warm-tier.md, "Timestamps"). */
    public static final String MICROS_SUFFIX = "_us";

    private static final List<WarmColumn> TWO_STRINGS = List.of(
            ColdTypeMapping.column("system", "first", "String", null),
            ColdTypeMapping.column("system", "second", "String", null));

    private final ClickHouseHttp http;

    public WarmColumns(ClickHouseHttp http) {
        this.http = http;
    }

    /** The columns offload reads for a catalog table: its {@code warmRead} table, with its time column's encoding. */
    public List<WarmColumn> of(CatalogTable table) throws IOException {
        return of(table.warmRead(), table.timeColumn(), table.timeEncoding());
    }

    /**
     * The columns of {@code table} in definition order. {@code timeColumn} is decoded per {@code encoding};
     * any other Int64 column whose name ends in {@value #MICROS_SUFFIX} is epoch microseconds by the warm
     * tier's convention and becomes a timestamp too.
     */
    public List<WarmColumn> of(String table, String timeColumn, TimeEncoding encoding) throws IOException {
        ClickHouseHttp.identifier("table", table);
        List<String[]> raw = stringPairs("SELECT name, type FROM system.columns WHERE database = '" + http.database()
                + "' AND table = '" + table + "'");
        if (raw.isEmpty()) {
            throw new UnknownWarmTableException(http.database(), table);
        }
        List<WarmColumn> columns = new ArrayList<>(raw.size());
        for (String[] nameAndType : raw) {
            String name = nameAndType[0];
            TimeEncoding columnEncoding = null;
            if (name.equals(timeColumn)) {
                columnEncoding = encoding;
            } else if (name.endsWith(MICROS_SUFFIX) && nameAndType[1].equals("Int64")) {
                columnEncoding = TimeEncoding.EPOCH_MICROS;
            }
            columns.add(ColdTypeMapping.column(table, name, nameAndType[1], columnEncoding));
        }
        return List.copyOf(columns);
    }

    /**
     * Whether {@code table} must be read with {@code FINAL}: a Replacing/Collapsing/VersionedCollapsing/Summing/
     * AggregatingMergeTree (plain or Replicated) keeps several rows per key until its parts merge, so reading it
     * without {@code FINAL} would offload copies. Views and plain MergeTrees are read as they are.
     */
    public boolean needsFinal(String table) throws IOException {
        ClickHouseHttp.identifier("table", table);
        List<String[]> raw = stringPairs("SELECT name, engine FROM system.tables WHERE database = '" + http.database()
                + "' AND name = '" + table + "'");
        if (raw.isEmpty()) {
            throw new UnknownWarmTableException(http.database(), table);
        }
        return mergesOnRead(raw.get(0)[1]);
    }

    /** Whether {@code column} is part of {@code table}'s sorting key (ORDER BY). */
    public boolean inSortingKey(String table, String column) throws IOException {
        ClickHouseHttp.identifier("table", table);
        ClickHouseHttp.identifier("column", column);
        List<String[]> raw = stringPairs("SELECT name, toString(is_in_sorting_key) FROM system.columns WHERE database = '"
                + http.database() + "' AND table = '" + table + "' AND name = '" + column + "'");
        return !raw.isEmpty() && raw.get(0)[1].equals("1");
    }

    /** The rows of a system-table query selecting two String columns (names validated by the callers). */
    private List<String[]> stringPairs(String select) throws IOException {
        List<String[]> raw = new ArrayList<>();
        try (InputStream in = http.query(select + " FORMAT RowBinary")) {
            new RowBinaryDecoder(TWO_STRINGS).decode(in, new StringPairSink(raw), 16 * 1024);
        }
        return raw;
    }

    /** See {@link #needsFinal(String)}; {@code engine} as system.tables spells it. */
    static boolean mergesOnRead(String engine) {
        String plain = engine.startsWith("Replicated") ? engine.substring("Replicated".length()) : engine;
        return switch (plain) {
            case "ReplacingMergeTree", "CollapsingMergeTree", "VersionedCollapsingMergeTree", "SummingMergeTree",
                 "AggregatingMergeTree" -> true;
            default -> false;
        };
    }

    /** Collects (name, type) pairs; used only for discovery, where allocation does not matter. */
    private static final class StringPairSink extends RowSinkAdapter {
        private final List<String[]> rows;
        private final String[] row = new String[2];

        StringPairSink(List<String[]> rows) {
            this.rows = rows;
        }

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
            row[column] = new String(bytes, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public boolean endRow() {
            rows.add(row.clone());
            return true;
        }
    }
}
