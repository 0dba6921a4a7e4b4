package io.k2.floe.tiering.warm;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Streams the rows of a warm-table query into a {@link RowSink}: the result travels as RowBinary over
 * HTTP and is decoded as it arrives, so memory does not grow with the number of rows.
 */
public final class WarmReader {

    private final ClickHouseHttp http;

    public WarmReader(ClickHouseHttp http) {
        this.http = http;
    }

    /**
     * {@code SELECT <columns> FROM <table> [WHERE <where>]}; {@code where} is SQL the caller built from
     * validated values (e.g. window bounds as numbers), {@code suffix} e.g. {@code FINAL} or empty.
     */
    public static String select(String table, String suffix, List<WarmColumn> columns, String where) {
        String list = columns.stream()
                .map(c -> ClickHouseIdentifiers.quote(c.name()))
                .collect(Collectors.joining(", "));
        return "SELECT " + list + " FROM " + ClickHouseIdentifiers.quote(table) + (suffix == null || suffix.isBlank() ? "" : " " + suffix)
                + (where == null || where.isBlank() ? "" : " WHERE " + where);
    }

    /**
     * Why {@link #readInKeyOrder} cannot read {@code query}'s table, or empty when it can: the table must be read
     * without {@code FINAL}, not computed (gold), and have cluster-by and time columns whose order Floe reproduces.
     */
    public static java.util.Optional<String> keyOrderUnsupported(WarmWindowQuery query) {
        if (!query.readsStoredRows()) {
            return java.util.Optional.of("the table is read with FINAL or computed from another");
        }
        return scanner(query).unsupported();
    }

    /**
     * Reads {@code window} in cold order as one stream per MergeTree part (up to {@code maxStreams}), merged by key in
     * the worker instead of sorted by ClickHouse (see {@link PartMergeRead}); returns the row count.
     *
     * @throws KeyOrderException when a part's rows turn out not to be in cold order; read again with
     *                           {@link #read(String, java.util.Map, List, RowSink)} and the sorted query
     * @throws IllegalStateException when {@link #keyOrderUnsupported} names a reason
     */
    public long readInKeyOrder(WarmWindowQuery query, io.k2.floe.tiering.messages.Window window, RowSink sink,
                               int maxStreams) throws IOException {
        RowKeyScanner.Scanned scanned = scanner(query);
        if (!query.readsStoredRows() || scanned.scanner().isEmpty()) {
            throw new IllegalStateException(query.table().id() + " cannot be read in key order: "
                    + scanned.unsupported().orElse("the table is read with FINAL or computed from another"));
        }
        return new PartMergeRead(this, http, query, scanned.scanner().get(), maxStreams).read(window, sink);
    }

    private static RowKeyScanner.Scanned scanner(WarmWindowQuery query) {
        return RowKeyScanner.of(query.columns(), query.table().timeColumn(), query.table().clusterBy(),
                query.table().partition());
    }

    /** Runs {@code select} (without FORMAT) and feeds every row to {@code sink}; returns the row count. */
    public long read(String select, List<WarmColumn> columns, RowSink sink) throws IOException {
        return read(select, java.util.Map.of(), columns, sink);
    }

    /** As {@link #read(String, List, RowSink)}, with query-level settings. */
    public long read(String select, java.util.Map<String, String> settings, List<WarmColumn> columns, RowSink sink)
            throws IOException {
        try (InputStream in = http.query(select + " FORMAT RowBinary", settings)) {
            return new RowBinaryDecoder(columns).decode(in, sink);
        }
    }
}
