package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.messages.MaintenanceOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thresholds one compaction runs with: the table's policy, overridden for one command by its options.
 *
 * @param targetFileSizeBytes output files roll to a new file at this size
 * @param minFileSizeBytes    data files smaller than this are candidates
 * @param minInputFiles       a partition is compacted only with at least this many candidates
 * @param maxGroupSizeBytes   input bytes of one group (one merge, one commit) at most: the policy's, or the worker's
 *                            {@link CompactionConfig#maxMergeBytes()} when smaller
 * @param closedAfter         how far the committed marker must be past a partition's end for it to be closed
 * @param maxFanIn            input files of one group at most (the merge's open readers)
 */
public record CompactionSettings(long targetFileSizeBytes, long minFileSizeBytes, int minInputFiles,
                                 long maxGroupSizeBytes, Duration closedAfter, int maxFanIn) {

    /** Option: output file size for this command, bytes. */
    public static final String TARGET_FILE_SIZE = "target-file-size-bytes";
    /** Option: candidate threshold for this command, bytes. */
    public static final String MIN_FILE_SIZE = "min-file-size-bytes";
    /** Option: candidates a partition needs for this command. */
    public static final String MIN_INPUT_FILES = "min-input-files";
    /** Option: input bytes of one group for this command. */
    public static final String MAX_GROUP_SIZE = "max-group-size-bytes";
    /** Every option COMPACT understands. */
    public static final List<String> OPTIONS = List.of(MaintenanceOptions.DRY_RUN, TARGET_FILE_SIZE, MIN_FILE_SIZE,
            MIN_INPUT_FILES, MAX_GROUP_SIZE);

    /** @throws IllegalArgumentException naming the setting when one is out of range */
    public CompactionSettings {
        if (targetFileSizeBytes <= 0) {
            throw new IllegalArgumentException(TARGET_FILE_SIZE + " must be positive, got " + targetFileSizeBytes);
        }
        if (minFileSizeBytes <= 0 || minFileSizeBytes > targetFileSizeBytes) {
            throw new IllegalArgumentException(MIN_FILE_SIZE + " must be positive and at most " + TARGET_FILE_SIZE
                    + " (" + targetFileSizeBytes + "), got " + minFileSizeBytes);
        }
        if (minInputFiles < 2) {
            throw new IllegalArgumentException(MIN_INPUT_FILES + " must be at least 2 (one file has nothing to merge"
                    + " with), got " + minInputFiles);
        }
        if (maxGroupSizeBytes < minFileSizeBytes) {
            throw new IllegalArgumentException(MAX_GROUP_SIZE + " must be at least " + MIN_FILE_SIZE + " ("
                    + minFileSizeBytes + "), got " + maxGroupSizeBytes);
        }
        if (closedAfter == null || closedAfter.isNegative()) {
            throw new IllegalArgumentException("closedAfter must not be negative, got " + closedAfter);
        }
        if (maxFanIn < 2) {
            throw new IllegalArgumentException("floe.compaction.max-fan-in must be at least 2, got " + maxFanIn);
        }
    }

    /**
     * The policy's thresholds with the command's options over them. When the options set the target size but not
     * the candidate threshold, the threshold follows the policy's ratio (0.75 × target by default).
     *
     * @throws IllegalArgumentException naming the option when one is unknown, not a number or out of range
     */
    public static CompactionSettings of(MaintenancePolicy policy, Map<String, String> options, int maxFanIn) {
        return of(policy, options, maxFanIn, Long.MAX_VALUE);
    }

    /**
     * As {@link #of(MaintenancePolicy, Map, int)}, with groups also bounded by the worker's {@code maxMergeBytes}
     * (its memory bound), though never below the candidate size.
     */
    public static CompactionSettings of(MaintenancePolicy policy, Map<String, String> options, int maxFanIn,
                                        long maxMergeBytes) {
        Set<String> known = Set.copyOf(OPTIONS);
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("option '" + key + "' is not a COMPACT option (known: "
                        + String.join(", ", OPTIONS) + ")");
            }
        }
        long target = number(options, TARGET_FILE_SIZE, policy.targetFileSizeBytes());
        long defaultMin = options.containsKey(TARGET_FILE_SIZE) && !options.containsKey(MIN_FILE_SIZE)
                ? Math.max(1, (long) (target * ((double) policy.minFileSizeBytes() / policy.targetFileSizeBytes())))
                : policy.minFileSizeBytes();
        long min = number(options, MIN_FILE_SIZE, defaultMin);
        long inputs = number(options, MIN_INPUT_FILES, policy.minInputFiles());
        if (inputs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("option " + MIN_INPUT_FILES + " is too large: " + inputs);
        }
        long group = number(options, MAX_GROUP_SIZE, policy.maxGroupSizeBytes());
        if (group >= min && group > maxMergeBytes) {
            group = Math.max(min, maxMergeBytes);
        }
        return new CompactionSettings(target, min, (int) inputs, group, policy.closedAfter(), maxFanIn);
    }

    private static long number(Map<String, String> options, String key, long fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a whole number, got '" + value + "'");
        }
    }
}
