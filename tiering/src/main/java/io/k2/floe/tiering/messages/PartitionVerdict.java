package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.Optional;

/**
 * Warm and cold compared for one partition. The times are the min and max of the table's time
 * column (empty for an empty side); the checksums are order-independent content checksums
 * computed the same way on both sides (the auditor documents the algorithm), written as text so no
 * JSON reader rounds them.
 *
 * @param partition    partition label, e.g. {@code 2024-05-01}
 * @param equal        whether warm and cold agree on everything below
 * @param warmRows     rows in the warm tier (up to the marker)
 * @param coldRows     rows in the cold tier
 * @param warmMinTime  earliest time in warm
 * @param warmMaxTime  latest time in warm
 * @param coldMinTime  earliest time in cold
 * @param coldMaxTime  latest time in cold
 * @param warmChecksum content checksum of the warm rows, if computed
 * @param coldChecksum content checksum of the cold rows, if computed
 */
public record PartitionVerdict(
        String partition,
        boolean equal,
        long warmRows,
        long coldRows,
        Optional<Instant> warmMinTime,
        Optional<Instant> warmMaxTime,
        Optional<Instant> coldMinTime,
        Optional<Instant> coldMaxTime,
        Optional<String> warmChecksum,
        Optional<String> coldChecksum) {

    public PartitionVerdict {
        Check.matching("partition", partition, Check.PARTITION, "a partition label (e.g. 2024-05-01)");
        Check.notNegative("warmRows", warmRows);
        Check.notNegative("coldRows", coldRows);
        warmMinTime = Check.optional(warmMinTime);
        warmMaxTime = Check.optional(warmMaxTime);
        coldMinTime = Check.optional(coldMinTime);
        coldMaxTime = Check.optional(coldMaxTime);
        warmChecksum = Check.optional(warmChecksum);
        coldChecksum = Check.optional(coldChecksum);
        warmChecksum.ifPresent(c -> Check.text("warmChecksum", c));
        coldChecksum.ifPresent(c -> Check.text("coldChecksum", c));
    }
}
