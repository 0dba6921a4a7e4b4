package io.k2.floe.maintenance.compaction;

import org.apache.iceberg.DataFile;

import java.util.List;
import java.util.Map;

/**
 * What a compaction rewrites, decided on one snapshot of the table.
 *
 * @param snapshotId the snapshot the plan was made on (the commits are validated from it); null for an empty table
 * @param partitions the closed partitions to compact, each with its groups, in label order
 * @param refused    requested partitions left alone, each with the reason (not closed, too few small files)
 */
public record CompactionPlan(Long snapshotId, List<PartitionPlan> partitions, Map<String, String> refused) {

    public CompactionPlan {
        partitions = List.copyOf(partitions);
        refused = Map.copyOf(refused);
    }

    /** The groups of one partition. */
    public record PartitionPlan(String partition, List<FileGroup> groups) {
        public PartitionPlan {
            groups = List.copyOf(groups);
        }

        public int expectedOutputFiles() {
            return groups.stream().mapToInt(FileGroup::expectedOutputFiles).sum();
        }
    }

    /**
     * Files merged into one sorted run and committed together.
     *
     * @param expectedOutputFiles files the rewrite should produce: the input bytes over the target size, rounded up
     *                            (the merged file usually compresses at least as well as its inputs)
     */
    public record FileGroup(String partition, List<DataFile> files, long bytes, long rows, int expectedOutputFiles) {
        public FileGroup {
            files = List.copyOf(files);
        }
    }

    public List<FileGroup> groups() {
        return partitions.stream().flatMap(p -> p.groups().stream()).toList();
    }

    public List<String> labels() {
        return partitions.stream().map(PartitionPlan::partition).toList();
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }
}
