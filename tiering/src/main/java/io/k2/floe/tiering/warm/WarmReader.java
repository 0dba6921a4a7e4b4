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
