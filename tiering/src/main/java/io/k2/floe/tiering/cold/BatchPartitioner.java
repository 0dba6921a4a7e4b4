package io.k2.floe.tiering.cold;

import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.List;
import java.util.Set;

/**
 * The partition key of a {@link ColdBatch}'s selected row, computed by Iceberg's {@link PartitionKey} only when
 * it may have changed.
 *
 * <p>Iceberg's time transforms of a timestamp (microseconds, UTC) go through {@code java.time} for every value.
 * Rows arrive sorted by partition, so consecutive rows nearly always share it: when every partition field is an
 * hour, day, month or year of a timestamp (or a day, month or year of a date), the key cannot change while each
 * source value stays within the same UTC hour (day for dates), since every such boundary is also an hour's (a
 * day's). Other transforms (identity, bucket, truncate) are computed for every row.
 */
final class BatchPartitioner {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final Set<String> TIME_TRANSFORMS = Set.of("year", "month", "day", "hour");

    private final PartitionKey key;
    private final int[] sources;
    private final long[] unit;
    private final long[] low;
    private final long[] high;
    private final boolean cacheable;
    private boolean valid;

    BatchPartitioner(PartitionSpec spec, Schema schema) {
        this.key = new PartitionKey(spec, schema);
        List<PartitionField> fields = spec.fields();
        List<Types.NestedField> columns = schema.columns();
        this.sources = new int[fields.size()];
        this.unit = new long[fields.size()];
        this.low = new long[fields.size()];
        this.high = new long[fields.size()];
        boolean all = true;
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            sources[i] = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).fieldId() == field.sourceId()) {
                    sources[i] = c;
                }
            }
            // Transform has no "kind" accessor: its string form is the spec's transform name
            String transform = field.transform().toString();
            Type.TypeID source = sources[i] < 0 ? null : columns.get(sources[i]).type().typeId();
            if (source == Type.TypeID.TIMESTAMP && TIME_TRANSFORMS.contains(transform)) {
                unit[i] = MICROS_PER_HOUR;
            } else if (source == Type.TypeID.DATE && TIME_TRANSFORMS.contains(transform) && !transform.equals("hour")) {
                unit[i] = 1;
            } else {
                all = false;
            }
        }
        this.cacheable = all;
    }

    /** True when keys are reused while the source values stay within their hour (day); false: computed per row. */
    boolean cachesKeys() {
        return cacheable;
    }

    /** The partition of the batch's selected row; the same instance every time (its content changes). */
    PartitionKey partition(ColdBatch batch) {
        int row = batch.row();
        if (cacheable && valid && sameBuckets(batch, row)) {
            return key;
        }
        key.partition(batch);
        valid = cacheable && rememberBuckets(batch, row);
        return key;
    }

    private boolean sameBuckets(ColdBatch batch, int row) {
        for (int i = 0; i < sources.length; i++) {
            int c = sources[i];
            long value = batch.longs[c][row];
            // [low, high): the remembered value's hour (day); compares rather than a division per row
            if (batch.nulls[c][row] || value < low[i] || value >= high[i]) {
                return false;
            }
        }
        return true;
    }

    /** False when a source value is null or at the end of the long range (then nothing is cached). */
    private boolean rememberBuckets(ColdBatch batch, int row) {
        for (int i = 0; i < sources.length; i++) {
            int c = sources[i];
            if (batch.nulls[c][row]) {
                return false;
            }
            long bucket = Math.floorDiv(batch.longs[c][row], unit[i]);
            try {
                low[i] = Math.multiplyExact(bucket, unit[i]);
                high[i] = Math.addExact(low[i], unit[i]);
            } catch (ArithmeticException beyondLongRange) {
                return false; // a time some 292,000 years away: computed per row
            }
        }
        return true;
    }
}
