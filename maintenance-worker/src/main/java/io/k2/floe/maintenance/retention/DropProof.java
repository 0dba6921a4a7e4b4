package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.verdicts.RecordedVerdict;

/**
 * Everything that allows dropping one warm partition: the verdict (equal, at the partition's current cold files) and
 * the warm partition that was checked to still give the verdict's figures, with its parts as they were then.
 *
 * @param label     the cold partition
 * @param verdict   its latest verdict
 * @param partition the warm partition holding exactly its rows
 */
record DropProof(String label, RecordedVerdict verdict, WarmPartition partition) {

    /** The verdict's checksum (an equal verdict always has one). */
    String checksum() {
        return verdict.warmChecksum().orElseThrow();
    }
}
