package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.messages.Window;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a window of a plain MergeTree table in the cold order (partition, cluster-by) without asking ClickHouse to
 * sort it. Every MergeTree part is stored sorted by the table's sorting key; when that key starts with the cold
 * cluster-by columns and a part lies within one cold partition, a one-thread read of the part returns its rows in
 * cold order already. So the window is read as one stream per part (ClickHouse reads them in parallel, one thread
 * each) and the streams are merged here by key. Measured on the benchmark's 10 M rows: 0.21 ClickHouse CPU-µs per
 * row instead of 1.31 for {@code ORDER BY}, and rows from the first part at once instead of after the whole sort.
 *
 * <p>Nothing is taken on trust. The parts and their row counts come from one query ({@code GROUP BY _part}); a part
 * merged away before its own read started answers with no rows, which is noticed before any row is handed on, and the
 * plan is made again. Every row's key is compared with the previous row's of its stream: a descent throws
 * {@link KeyOrderException} (the caller reads the window again with {@code ORDER BY}). Each stream must deliver
 * exactly the rows its plan counted.
 */
final class PartMergeRead {

    /** Plans tried before giving up on a window whose parts keep merging under it. */
    static final int PLAN_ATTEMPTS = 3;

    private static final List<WarmColumn> PART_COUNTS = List.of(
            ColdTypeMapping.column("system.parts", "part", "String", null),
            ColdTypeMapping.column("system.parts", "rows", "UInt64", null));

    /** For the plan and the sorted fallback, which are plain reads. */
    private final WarmReader reader;
    /** For the streams, whose rows are looked at before they are decoded. */
    private final ClickHouseHttp http;
    private final WarmWindowQuery query;
    private final RowKeyScanner scanner;
    private final int maxStreams;

    PartMergeRead(WarmReader reader, ClickHouseHttp http, WarmWindowQuery query, RowKeyScanner scanner, int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("at least one stream is needed, got " + maxStreams);
        }
        this.reader = reader;
        this.http = http;
        this.query = query;
        this.scanner = scanner;
        this.maxStreams = maxStreams;
    }

    /** A part of the window and how many of the window's rows it holds. */
    record Part(String name, long rows) {
    }

    /** One sorted stream: a single part read as stored, or several parts sorted by ClickHouse. */
    record Run(String label, String sql, Map<String, String> settings, long rows) {
    }

    /**
     * Feeds the window's rows to {@code sink} in cold order; returns the row count.
     *
     * @throws KeyOrderException when a part's rows are not in cold order (nothing of the window is committed yet)
     */
    long read(Window window, RowSink sink) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Run> runs = runs(parts(window), window);
            if (runs.isEmpty()) {
                return 0;
            }
            Merge merge = new Merge(runs);
            try {
                if (merge.start()) {
                    return merge.run(sink);
                }
            } finally {
                merge.close();
            }
            if (attempt == PLAN_ATTEMPTS) {
                // parts keep merging under us: let ClickHouse sort one consistent snapshot instead
                return reader.read(query.window(window), query.settings(), query.columns(), sink);
            }
        }
    }

    /** The window's parts, largest first. */
    List<Part> parts(Window window) throws IOException {
        List<Part> parts = new ArrayList<>();
        reader.read(query.partsOf(window), query.settings(), PART_COUNTS, new RowSinkAdapter() {
            private String name;

            @Override
            public void setString(int column, byte[] bytes, int offset, int length) {
                name = new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
            }

            @Override
            public void setLong(int column, long value) {
                parts.add(new Part(name, value));
            }

            @Override
            public boolean endRow() {
                return true;
            }
        });
        parts.sort((a, b) -> Long.compare(b.rows(), a.rows()));
        return parts;
    }

    /** One run per part, the largest first; beyond {@code maxStreams}, the smallest parts share one sorted run. */
    List<Run> runs(List<Part> parts, Window window) {
        List<Run> runs = new ArrayList<>();
        int single = parts.size() <= maxStreams ? parts.size() : maxStreams - 1;
        for (int i = 0; i < single; i++) {
            Part part = parts.get(i);
            runs.add(new Run("part " + part.name(), query.windowInPart(window, part.name()), partSettings(), part.rows()));
        }
        if (single < parts.size()) {
            List<Part> rest = parts.subList(single, parts.size());
            long rows = rest.stream().mapToLong(Part::rows).sum();
            runs.add(new Run(rest.size() + " smaller parts", query.windowInParts(window,
                    rest.stream().map(Part::name).toList()), query.settings(), rows));
        }
        return runs;
    }

    /** One thread per part: the part's marks are then read, and returned, in storage order. */
    private Map<String, String> partSettings() {
        Map<String, String> settings = new java.util.HashMap<>(query.settings());
        settings.put("max_threads", "1");
        return Map.copyOf(settings);
    }

    /** The streams of one plan, merged by key. */
    private final class Merge {
        private final List<Run> runs;
        private final InputStream[] bodies;
        private final RowBinaryInput[] inputs;
        private final RowKey[] keys;
        private final RowKey[] previous;
        private final long[] rows;
        private final boolean[] done;
        private final RowBinaryDecoder decoder = new RowBinaryDecoder(query.columns());

        Merge(List<Run> runs) {
            this.runs = runs;
            int n = runs.size();
            bodies = new InputStream[n];
            inputs = new RowBinaryInput[n];
            keys = new RowKey[n];
            previous = new RowKey[n];
            rows = new long[n];
            done = new boolean[n];
        }

        /**
         * Starts every stream and reads its first key; false when a stream that should hold rows holds none (its
         * part was merged away after the plan), before any row was handed on.
         */
        boolean start() throws IOException {
            for (int i = 0; i < runs.size(); i++) {
                bodies[i] = http.query(runs.get(i).sql() + " FORMAT RowBinary", runs.get(i).settings());
                inputs[i] = new RowBinaryInput(bodies[i], RowBinaryDecoder.DEFAULT_BUFFER);
                keys[i] = scanner.newKey();
                previous[i] = scanner.newKey();
            }
            for (int i = 0; i < runs.size(); i++) {
                if (inputs[i].startRow()) {
                    return false;
                }
                scanner.scan(inputs[i], keys[i]);
            }
            return true;
        }

        long run(RowSink sink) throws IOException {
            long total = 0;
            while (true) {
                int s = -1;
                int second = -1;
                for (int i = 0; i < keys.length; i++) {
                    if (done[i]) {
                        continue;
                    }
                    if (s < 0 || keys[i].compareTo(keys[s]) < 0) {
                        second = s;
                        s = i;
                    } else if (second < 0 || keys[i].compareTo(keys[second]) < 0) {
                        second = i;
                    }
                }
                if (s < 0) {
                    break;
                }
                RowKey bound = second < 0 ? null : keys[second];
                RowBinaryInput in = inputs[s];
                // hand on rows of stream s while they come no later than the next stream's first
                do {
                    total++;
                    rows[s]++;
                    if (!decoder.decodeRow(in, sink)) {
                        return total;
                    }
                    RowKey last = keys[s];
                    keys[s] = previous[s];
                    previous[s] = last;
                    if (in.startRow()) {
                        done[s] = true;
                        checkCount(s);
                        break;
                    }
                    scanner.scan(in, keys[s]);
                    if (keys[s].compareTo(last) < 0) {
                        throw new KeyOrderException(query.table().id() + ": " + runs.get(s).label() + " returned "
                                + keys[s].shown() + " after " + last.shown() + " (row " + (rows[s] + 1)
                                + "): its rows are not in the cold order (partition, cluster-by)");
                    }
                } while (bound == null || keys[s].compareTo(bound) <= 0);
            }
            return total;
        }

        private void checkCount(int s) {
            if (rows[s] != runs.get(s).rows()) {
                throw new WarmReadException(query.table().id() + ": " + runs.get(s).label() + " returned " + rows[s]
                        + " rows of the window where it counted " + runs.get(s).rows());
            }
        }

        void close() {
            for (InputStream body : bodies) {
                if (body != null) {
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // an abandoned stream: ClickHouse cancels the query when the connection goes
                    }
                }
            }
        }
    }
}
