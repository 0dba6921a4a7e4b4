package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.PartitionTransform;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the sort key of the RowBinary row at an input's position without decoding the row into a sink: walks the
 * row's columns (skipping those outside the key), fills a {@link RowKey} and returns to the row's start, so that the
 * decoder can then hand the same row on. The key is the cold partition of the time column, then the cluster-by
 * columns, which is the order of {@link WarmWindowQuery#orderBy()}.
 */
final class RowKeyScanner {

    private final ClickHouseType.Kind[] kinds;
    private final boolean[] nullable;
    private final int[] fixedLength;
    /** Key component a column fills, or -1. */
    private final int[] component;
    private final int timeColumn;
    private final WarmColumn time;
    private final long timeFactor;
    private final boolean[] text;
    private final boolean[] unsigned;
    private final PartitionTransform transform;
    /** The partition of the last time seen, [from, to) in epoch microseconds: most rows share their neighbour's. */
    private long partitionFrom = 1;
    private long partitionTo = 0;

    private RowKeyScanner(List<WarmColumn> columns, String timeColumnName, List<String> clusterBy,
                          PartitionTransform transform) {
        int n = columns.size();
        this.kinds = new ClickHouseType.Kind[n];
        this.nullable = new boolean[n];
        this.fixedLength = new int[n];
        this.component = new int[n];
        this.text = new boolean[clusterBy.size()];
        this.unsigned = new boolean[clusterBy.size()];
        this.transform = transform;
        int timeAt = -1;
        for (int c = 0; c < n; c++) {
            WarmColumn column = columns.get(c);
            kinds[c] = column.warmType().kind();
            nullable[c] = column.warmType().nullable();
            fixedLength[c] = kinds[c] == ClickHouseType.Kind.FIXED_STRING ? column.warmType().length() : 0;
            component[c] = clusterBy.indexOf(column.name());
            if (component[c] >= 0) {
                text[component[c]] = kinds[c] == ClickHouseType.Kind.STRING || kinds[c] == ClickHouseType.Kind.FIXED_STRING;
                unsigned[component[c]] = kinds[c] == ClickHouseType.Kind.UINT64;
            }
            if (column.name().equals(timeColumnName)) {
                timeAt = c;
            }
        }
        this.timeColumn = timeAt;
        this.time = columns.get(timeAt);
        this.timeFactor = time.warmType().kind() == ClickHouseType.Kind.DATETIME64 ? pow10(Math.abs(6 - time.warmType().precision())) : 1;
    }

    /**
     * A scanner for the key (partition of {@code timeColumn}, {@code clusterBy}), or why the key cannot be read from
     * RowBinary rows: a key column that is missing, Nullable, or of a type whose ClickHouse order Floe does not
     * reproduce (floats, Decimal128, UUID).
     */
    static Scanned of(List<WarmColumn> columns, String timeColumn, List<String> clusterBy, PartitionTransform transform) {
        if (clusterBy.isEmpty()) {
            return new Scanned(Optional.empty(), Optional.of("the table has no cluster-by columns"));
        }
        Optional<WarmColumn> time = columns.stream().filter(c -> c.name().equals(timeColumn)).findFirst();
        if (time.isEmpty()) {
            return new Scanned(Optional.empty(), Optional.of("time column " + timeColumn + " is not read"));
        }
        Optional<String> timeProblem = timeProblem(time.get());
        if (timeProblem.isPresent()) {
            return new Scanned(Optional.empty(), timeProblem);
        }
        for (String name : clusterBy) {
            Optional<WarmColumn> column = columns.stream().filter(c -> c.name().equals(name)).findFirst();
            if (column.isEmpty()) {
                return new Scanned(Optional.empty(), Optional.of("cluster-by column " + name + " is not read"));
            }
            Optional<String> problem = keyProblem(column.get());
            if (problem.isPresent()) {
                return new Scanned(Optional.empty(), problem);
            }
        }
        return new Scanned(Optional.of(new RowKeyScanner(columns, timeColumn, clusterBy, transform)), Optional.empty());
    }

    /** A scanner, or the reason there is none. */
    record Scanned(Optional<RowKeyScanner> scanner, Optional<String> unsupported) {
    }

    private static Optional<String> timeProblem(WarmColumn column) {
        ClickHouseType type = column.warmType();
        if (type.nullable()) {
            return Optional.of("time column " + column.name() + " is Nullable");
        }
        boolean ok = switch (type.kind()) {
            case DATE, DATETIME, DATETIME64 -> true;
            case INT64 -> column.conversion() != WarmColumn.Conversion.NONE;
            default -> false;
        };
        return ok ? Optional.empty() : Optional.of("time column " + column.name() + " is " + type.text());
    }

    private static Optional<String> keyProblem(WarmColumn column) {
        ClickHouseType type = column.warmType();
        if (type.nullable()) {
            return Optional.of("cluster-by column " + column.name() + " is Nullable");
        }
        return switch (type.kind()) {
            case FLOAT32, FLOAT64, DECIMAL128, UUID -> Optional.of("cluster-by column " + column.name() + " is "
                    + type.text() + ", whose ClickHouse order Floe does not reproduce");
            default -> Optional.empty();
        };
    }

    RowKey newKey() {
        return new RowKey(text, unsigned);
    }

    /** Fills {@code key} from the row at the input's position (after {@code startRow}) and rewinds to the row start. */
    void scan(RowBinaryInput in, RowKey key) throws IOException {
        for (int c = 0; c < kinds.length; c++) {
            if (nullable[c] && in.readByte() != 0) {
                continue;
            }
            int k = component[c];
            if (k < 0 && c != timeColumn) {
                skip(in, c);
                continue;
            }
            if (kinds[c] == ClickHouseType.Kind.STRING || kinds[c] == ClickHouseType.Kind.FIXED_STRING) {
                int length = kinds[c] == ClickHouseType.Kind.STRING ? in.readVarIntLength() : fixedLength[c];
                in.require(length);
                key.setBytes(k, in.buffer(), in.pos(), length);
                in.skip(length);
                continue;
            }
            long value = number(in, kinds[c]);
            if (k >= 0) {
                key.numbers[k] = value;
            }
            if (c == timeColumn) {
                key.partition = partitionOf(micros(value));
            }
        }
        in.rewindRow();
    }

    private static long number(RowBinaryInput in, ClickHouseType.Kind kind) throws IOException {
        return switch (kind) {
            case INT8, ENUM8 -> in.readByte();
            case UINT8, BOOL -> in.readByte() & 0xff;
            case INT16, ENUM16 -> in.readShort();
            case UINT16, DATE -> in.readShort() & 0xffff;
            case INT32, DECIMAL32 -> in.readInt();
            case UINT32, DATETIME -> in.readInt() & 0xffff_ffffL;
            case INT64, UINT64, DECIMAL64, DATETIME64 -> in.readLong();
            default -> throw new IllegalStateException("not a key type: " + kind);
        };
    }

    private void skip(RowBinaryInput in, int c) throws IOException {
        int width = switch (kinds[c]) {
            case INT8, UINT8, ENUM8, BOOL -> 1;
            case INT16, UINT16, ENUM16, DATE -> 2;
            case INT32, UINT32, FLOAT32, DECIMAL32, DATETIME -> 4;
            case INT64, UINT64, FLOAT64, DECIMAL64, DATETIME64 -> 8;
            case DECIMAL128, UUID -> 16;
            case FIXED_STRING -> fixedLength[c];
            case STRING -> in.readVarIntLength();
        };
        in.require(width);
        in.skip(width);
    }

    /** The time column's raw value as epoch microseconds (as {@link RowBinaryDecoder} converts it). */
    private long micros(long raw) {
        return switch (time.warmType().kind()) {
            case DATE -> raw * 86_400_000_000L;
            case DATETIME -> raw * 1_000_000L;
            case DATETIME64 -> time.warmType().precision() <= 6 ? raw * timeFactor : Math.floorDiv(raw, timeFactor);
            default -> time.conversion() == WarmColumn.Conversion.EPOCH_MILLIS ? raw * 1_000L : raw;
        };
    }

    /** The start of the cold partition holding {@code micros}, in epoch microseconds. */
    private long partitionOf(long micros) {
        if (micros >= partitionFrom && micros < partitionTo) {
            return partitionFrom;
        }
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        String label = transform.labelOf(at);
        partitionFrom = WarmWindowQuery.toMicros(transform.startOf(label));
        partitionTo = WarmWindowQuery.toMicros(transform.endOf(label));
        return partitionFrom;
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }
}
