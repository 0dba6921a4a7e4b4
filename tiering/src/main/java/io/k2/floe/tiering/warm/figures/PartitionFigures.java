package io.k2.floe.tiering.warm.figures;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one side says about one partition: rows, the time column's range (epoch µs; empty without rows) and the
 * content checksum (empty when it was not computed).
 */
public record PartitionFigures(long rows, OptionalLong minMicros, OptionalLong maxMicros, Optional<String> checksum) {

    public static final PartitionFigures EMPTY_WITH_CHECKSUM =
            new PartitionFigures(0, OptionalLong.empty(), OptionalLong.empty(), Optional.of(RowChecksum.text(0)));

    /** Whether both sides agree on every figure both computed (a missing checksum cannot be equal). */
    public boolean sameAs(PartitionFigures other) {
        return rows == other.rows && minMicros.equals(other.minMicros) && maxMicros.equals(other.maxMicros)
                && checksum.isPresent() && checksum.equals(other.checksum);
    }
}
