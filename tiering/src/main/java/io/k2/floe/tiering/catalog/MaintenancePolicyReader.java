package io.k2.floe.tiering.catalog;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Lays configured maintenance fields (text, as declared) over a policy: the layer's built-in defaults under
 * {@code floe.catalog.layer-defaults.<layer>.*}, then a table's {@code maintenance.*} over its layer's. Every bad
 * value is reported (field, detail) and leaves the field as it was, so one pass finds every mistake.
 */
final class MaintenancePolicyReader {

    /**
     * The coordinator schedules maintenance with quarkus-scheduler, whose cron syntax is Quartz's (seconds first);
     * its parser is cron-utils with this definition, so an expression accepted here is one the scheduler takes.
     */
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final BiConsumer<String, String> problems;
    private boolean failed;

    private MaintenancePolicyReader(BiConsumer<String, String> problems) {
        this.problems = problems;
    }

    /**
     * {@code base} with the fields {@code texts} sets (blank = not set).
     *
     * @param setBelow fields already configured at a lower level (a table's layer defaults): the minimum file size is
     *                 derived from the target (0.75 ×) only when no level sets it
     * @param problems receives (field name, detail) for each bad value; nothing when all are good
     * @return the policy, or empty when a value was bad
     */
    static Optional<MaintenancePolicy> read(MaintenancePolicy base, Map<String, String> texts, Set<String> setBelow,
                                            BiConsumer<String, String> problems) {
        return new MaintenancePolicyReader(problems).read(base, texts, setBelow);
    }

    private Optional<MaintenancePolicy> read(MaintenancePolicy base, Map<String, String> texts, Set<String> setBelow) {
        for (String key : texts.keySet()) {
            if (!MaintenancePolicy.FIELDS.contains(key)) {
                problem(key, "unknown maintenance field; known fields: " + String.join(", ", MaintenancePolicy.FIELDS));
            }
        }
        long target = bytes(texts, "target-file-size-bytes", base.targetFileSizeBytes());
        boolean minSet = isSet(texts, "min-file-size-bytes") || setBelow.contains("min-file-size-bytes");
        long minDefault = isSet(texts, "target-file-size-bytes") && !minSet ? target / 4 * 3 : base.minFileSizeBytes();
        long min = bytes(texts, "min-file-size-bytes", minDefault);
        int minInputFiles = count(texts, "min-input-files", base.minInputFiles());
        long maxGroup = bytes(texts, "max-group-size-bytes", base.maxGroupSizeBytes());
        Duration closedAfter = duration(texts, "closed-after", base.closedAfter(), Duration.ZERO);
        Duration snapshotMaxAge = duration(texts, "snapshot-max-age", base.snapshotMaxAge(), null);
        int minSnapshots = count(texts, "min-snapshots-to-keep", base.minSnapshotsToKeep());
        Duration orphanMinAge = duration(texts, "orphan-min-age", base.orphanMinAge(), MaintenancePolicy.MIN_ORPHAN_AGE);
        int maxManifests = count(texts, "max-manifests", base.maxManifests());
        Duration warmRetention = duration(texts, "warm-retention", base.warmRetention(), null);
        Duration retentionGrace = duration(texts, "retention-grace", base.retentionGrace(), Duration.ZERO);
        String schedule = schedule(texts, base.schedule());
        int smallFilesTrigger = count(texts, "small-files-trigger", base.smallFilesTrigger());
        int snapshotsTrigger = count(texts, "snapshots-trigger", base.snapshotsTrigger());
        if (failed) {
            return Optional.empty();
        }
        if (min > target) {
            problem(blame(texts, "min-file-size-bytes", "target-file-size-bytes"), "the minimum file size " + min
                    + " is larger than the target file size " + target + "; compaction candidates are files below the"
                    + " minimum, which must not exceed the target");
        }
        if (maxGroup < target) {
            problem(blame(texts, "max-group-size-bytes", "target-file-size-bytes"), "the largest compaction group "
                    + maxGroup + " is smaller than the target file size " + target
                    + "; a group must be able to fill at least one file");
        }
        if (failed) {
            return Optional.empty();
        }
        return Optional.of(new MaintenancePolicy(target, min, minInputFiles, maxGroup, closedAfter, snapshotMaxAge,
                minSnapshots, orphanMinAge, maxManifests, warmRetention, retentionGrace, schedule, smallFilesTrigger,
                snapshotsTrigger));
    }

    /** The field of a two-field conflict that this level set ({@code first} when both or neither). */
    private static String blame(Map<String, String> texts, String first, String second) {
        return !isSet(texts, first) && isSet(texts, second) ? second : first;
    }

    private long bytes(Map<String, String> texts, String field, long fallback) {
        if (!isSet(texts, field)) {
            return fallback;
        }
        String v = texts.get(field).trim();
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
            problem(field, "'" + v + "' must be a positive number of bytes");
        } catch (NumberFormatException e) {
            problem(field, "cannot parse '" + v + "'; write a whole number of bytes, e.g. 134217728 for 128 MiB");
        }
        return fallback;
    }

    private int count(Map<String, String> texts, String field, int fallback) {
        if (!isSet(texts, field)) {
            return fallback;
        }
        String v = texts.get(field).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
            problem(field, "'" + v + "' must be at least 1");
        } catch (NumberFormatException e) {
            problem(field, "cannot parse '" + v + "'; write a whole number of at least 1");
        }
        return fallback;
    }

    /** A duration longer than zero, or at least {@code floor} when one is given. */
    private Duration duration(Map<String, String> texts, String field, Duration fallback, Duration floor) {
        if (!isSet(texts, field)) {
            return fallback;
        }
        String v = texts.get(field).trim();
        Optional<Duration> d = Durations.parse(v);
        if (d.isEmpty()) {
            problem(field, "cannot parse '" + v + "'; write e.g. 30m, 12h, 7d or PT12H");
        } else if (floor == null && (d.get().isNegative() || d.get().isZero())) {
            problem(field, "'" + v + "' must be longer than zero");
        } else if (floor != null && d.get().compareTo(floor) < 0) {
            problem(field, floor.isZero() ? "'" + v + "' is negative; it must be zero or more"
                    : "'" + v + "' is shorter than " + Durations.format(floor) + ", the least this field allows");
        } else {
            return d.get();
        }
        return fallback;
    }

    private String schedule(Map<String, String> texts, String fallback) {
        if (!isSet(texts, "schedule")) {
            return fallback;
        }
        String v = texts.get("schedule").trim();
        try {
            QUARTZ.parse(v).validate();
            return v;
        } catch (IllegalArgumentException e) {
            problem("schedule", "'" + v + "' is not a Quartz cron expression (seconds first, e.g. "
                    + MaintenancePolicy.DEFAULT_SCHEDULE + " for daily at 03:30): " + e.getMessage());
            return fallback;
        }
    }

    private static boolean isSet(Map<String, String> texts, String field) {
        String v = texts.get(field);
        return v != null && !v.isBlank();
    }

    private void problem(String field, String detail) {
        failed = true;
        problems.accept(field, detail);
    }
}
