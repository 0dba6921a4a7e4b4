package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.PartitionTransform;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.util.BinPacking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides which data files a compaction rewrites, from a listing of the table's live files: no I/O, so every rule is
 * unit-tested.
 *
 * <ul>
 *   <li>A partition is <em>closed</em> once the table's committed marker is at least {@code closedAfter} past the
 *       partition's end: the windows have moved on, so no offload should add rows to it any more (a late row that
 *       still does lands in a new small file, which a later compaction picks up).</li>
 *   <li>In a closed partition, rewritable files below {@code minFileSizeBytes} are candidates; the partition is
 *       compacted only with at least {@code minInputFiles} of them (fewer are not worth a rewrite).</li>
 *   <li>Candidates are bin-packed into groups of at most {@code maxGroupSizeBytes} input bytes (Iceberg's
 *       {@link BinPacking.ListPacker}, as its size-based rewrite planner does); a group of more than
 *       {@code maxFanIn} files is split into near-equal groups of at most that many (the merge's memory bound); a
 *       group of one file is dropped (there is nothing to merge it with).</li>
 * </ul>
 */
public final class CompactionPlanner {

    private CompactionPlanner() {
    }

    /**
     * @param snapshotId  the snapshot {@code files} were listed at (null when the table has none)
     * @param markerUpper the upper bound of the table's latest committed marker; empty when nothing was offloaded
     *                    (then no partition is closed)
     * @param requested   partition labels to restrict the plan to; empty for every closed partition
     * @throws IllegalArgumentException naming the label when a requested partition is not one of the transform's
     */
    public static CompactionPlan plan(Long snapshotId, Optional<Instant> markerUpper, PartitionTransform transform,
                                      CompactionSettings settings, List<String> requested, List<TableFile> files) {
        requested.forEach(transform::startOf); // a label of another transform is refused before anything is decided
        Map<String, List<DataFile>> candidates = new TreeMap<>();
        for (TableFile f : files) {
            if (!requested.isEmpty() && !requested.contains(f.partition())) {
                continue;
            }
            if (f.rewritable() && f.file().fileSizeInBytes() < settings.minFileSizeBytes()) {
                candidates.computeIfAbsent(f.partition(), p -> new ArrayList<>()).add(f.file());
            }
        }
        Map<String, String> refused = new LinkedHashMap<>();
        for (String label : requested) {
            if (!closed(label, markerUpper, transform, settings)) {
                refused.put(label, "not closed: the committed marker (" + markerUpper.map(Instant::toString)
                        .orElse("none") + ") is not " + settings.closedAfter() + " past the partition's end ("
                        + transform.endOf(label) + ")");
            }
        }
        List<CompactionPlan.PartitionPlan> partitions = new ArrayList<>();
        for (Map.Entry<String, List<DataFile>> entry : candidates.entrySet()) {
            String label = entry.getKey();
            if (!closed(label, markerUpper, transform, settings)) {
                continue;
            }
            List<DataFile> small = entry.getValue();
            if (small.size() < settings.minInputFiles()) {
                continue; // refused below when it was asked for
            }
            List<CompactionPlan.FileGroup> groups = groups(label, small, settings);
            if (!groups.isEmpty()) {
                partitions.add(new CompactionPlan.PartitionPlan(label, groups));
            }
        }
        for (String label : requested) {
            if (!refused.containsKey(label) && partitions.stream().noneMatch(p -> p.partition().equals(label))) {
                refused.put(label, "only " + candidates.getOrDefault(label, List.of()).size() + " file(s) below "
                        + settings.minFileSizeBytes() + " bytes; compaction needs " + settings.minInputFiles());
            }
        }
        return new CompactionPlan(snapshotId, partitions, refused);
    }

    /** Whether the marker is at least {@code closedAfter} past the end of partition {@code label}. */
    public static boolean closed(String label, Optional<Instant> markerUpper, PartitionTransform transform,
                                 CompactionSettings settings) {
        Instant end;
        try {
            end = transform.endOf(label);
        } catch (IllegalArgumentException notATimePartition) {
            return false; // e.g. rows without a time value: no window ever closes them
        }
        Instant closesAt = end.plus(settings.closedAfter());
        return markerUpper.isPresent() && !markerUpper.get().isBefore(closesAt);
    }

    private static List<CompactionPlan.FileGroup> groups(String label, List<DataFile> small,
                                                         CompactionSettings settings) {
        List<List<DataFile>> bins = new BinPacking.ListPacker<DataFile>(settings.maxGroupSizeBytes(), 1, false)
                .pack(small, DataFile::fileSizeInBytes);
        List<CompactionPlan.FileGroup> groups = new ArrayList<>();
        for (List<DataFile> bin : bins) {
            int parts = (bin.size() + settings.maxFanIn() - 1) / settings.maxFanIn();
            for (int p = 0; p < parts; p++) {
                List<DataFile> files = bin.subList(bin.size() * p / parts, bin.size() * (p + 1) / parts);
                if (files.size() < 2) {
                    continue;
                }
                long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
                long rows = files.stream().mapToLong(DataFile::recordCount).sum();
                int outputs = (int) Math.max(1, (bytes + settings.targetFileSizeBytes() - 1)
                        / settings.targetFileSizeBytes());
                groups.add(new CompactionPlan.FileGroup(label, files, bytes, rows, outputs));
            }
        }
        return groups;
    }
}
