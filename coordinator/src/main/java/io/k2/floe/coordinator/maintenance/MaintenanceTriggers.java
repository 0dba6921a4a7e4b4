package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.MaintenancePolicy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether a table needs maintenance before its schedule says so (docs/maintenance/scheduling.md "Triggers"): a
 * closed partition (the committed marker at least {@code closedAfter} past its end) holds more than
 * {@code smallFilesTrigger} data files smaller than {@code minFileSizeBytes}, or the table holds more than
 * {@code snapshotsTrigger} snapshots. Open partitions are left out: offloads still add files to them, and compaction
 * would not touch them anyway.
 */
public final class MaintenanceTriggers {

    private MaintenanceTriggers() {
    }

    /**
     * @param stats what the cold table holds now
     * @return why maintenance should run, or empty when no threshold is crossed
     */
    public static Optional<String> crossed(CatalogTable table, Optional<Instant> marker, ColdStats stats) {
        MaintenancePolicy policy = table.maintenance();
        if (stats.snapshots() > policy.snapshotsTrigger()) {
            return Optional.of(stats.snapshots() + " snapshots, more than " + policy.snapshotsTrigger());
        }
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Integer> partition : new TreeMap<>(stats.smallFiles()).entrySet()) {
            Instant end;
            try {
                end = table.partition().endOf(partition.getKey());
            } catch (IllegalArgumentException e) {
                continue;
            }
            boolean closed = !marker.get().isBefore(end.plus(policy.closedAfter()));
            if (closed && partition.getValue() > policy.smallFilesTrigger()) {
                return Optional.of("closed partition " + partition.getKey() + " holds " + partition.getValue()
                        + " data files smaller than " + policy.minFileSizeBytes() + " bytes, more than "
                        + policy.smallFilesTrigger());
            }
        }
        return Optional.empty();
    }

    /**
     * What a cold table holds, as far as the triggers care.
     *
     * @param snapshots  snapshots in the table's metadata
     * @param smallFiles per partition label, the data files of the current snapshot smaller than the policy's
     *                   {@code minFileSizeBytes}
     */
    public record ColdStats(int snapshots, Map<String, Integer> smallFiles) {
    }
}
