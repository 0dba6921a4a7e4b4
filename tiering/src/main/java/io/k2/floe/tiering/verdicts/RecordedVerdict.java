package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An audit's verdict on one partition of one table, as kept by {@link VerdictStore} for the warm-retention step
 * (R-RETENTION, docs/requirements.md). Instants are kept to the microsecond, PostgreSQL's precision, so that a verdict reads back
 * equal to what was recorded.
 *
 * @param tableId        the catalog id of the table
 * @param partition      the partition label, e.g. {@code 2024-05-01}
 * @param equal          whether warm and cold agreed on everything compared
 * @param coldSnapshotId the cold snapshot audited
 * @param markerUpper    the marker the audit was bounded by (warm rows with ordering value up to it were compared)
 * @param warmRows       rows of the partition in the warm tier, up to the marker
 * @param coldRows       rows of the partition in the cold tier at the snapshot
 * @param warmChecksum   content checksum of the warm rows, if computed
 * @param coldChecksum   content checksum of the cold rows, if computed
 * @param warmMinTime    earliest time in warm (empty for no rows)
 * @param warmMaxTime    latest time in warm
 * @param coldMinTime    earliest time in cold
 * @param coldMaxTime    latest time in cold
 * @param runId          the run the audit belonged to
 * @param commandId      the audit command
 * @param auditedAt      when the audit finished; of two verdicts on a partition the later one is the latest
 */
public record RecordedVerdict(
        String tableId,
        String partition,
        boolean equal,
        long coldSnapshotId,
        Instant markerUpper,
        long warmRows,
        long coldRows,
        Optional<String> warmChecksum,
        Optional<String> coldChecksum,
        Optional<Instant> warmMinTime,
        Optional<Instant> warmMaxTime,
        Optional<Instant> coldMinTime,
        Optional<Instant> coldMaxTime,
        String runId,
        String commandId,
        Instant auditedAt) {

    // The same shapes the message contracts accept, so that every audited verdict can be recorded.
    private static final Pattern TABLE_ID = Pattern.compile("[A-Za-z0-9_]{1,128}");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_:=.-]{1,64}");
    private static final int MAX_ID_LENGTH = 200;

    public RecordedVerdict {
        matching("tableId", tableId, TABLE_ID, "a table id (letters, digits and underscores, at most 128)");
        matching("partition", partition, PARTITION, "a partition label (e.g. 2024-05-01)");
        markerUpper = micros(required("markerUpper", markerUpper));
        notNegative("warmRows", warmRows);
        notNegative("coldRows", coldRows);
        warmChecksum = checksum("warmChecksum", warmChecksum);
        coldChecksum = checksum("coldChecksum", coldChecksum);
        warmMinTime = time("warmMinTime", warmMinTime);
        warmMaxTime = time("warmMaxTime", warmMaxTime);
        coldMinTime = time("coldMinTime", coldMinTime);
        coldMaxTime = time("coldMaxTime", coldMaxTime);
        id("runId", runId);
        id("commandId", commandId);
        auditedAt = micros(required("auditedAt", auditedAt));
    }

    /**
     * The verdicts of a finished audit, to record.
     *
     * @throws IllegalArgumentException when the event lacks the cold snapshot or the marker: such a verdict could
     *                                  never verify a partition, so it is not kept either
     */
    public static List<RecordedVerdict> of(AuditCompleted completed, Instant auditedAt) {
        Objects.requireNonNull(completed, "completed");
        long snapshot = completed.coldSnapshotId().orElseThrow(() -> new IllegalArgumentException(
                "audit " + completed.commandId() + " of " + completed.table() + " names no cold snapshot"));
        Instant upTo = completed.upTo().orElseThrow(() -> new IllegalArgumentException(
                "audit " + completed.commandId() + " of " + completed.table() + " names no marker"));
        return completed.verdicts().stream().map(v -> of(completed, v, snapshot, upTo, auditedAt)).toList();
    }

    private static RecordedVerdict of(AuditCompleted c, PartitionVerdict v, long snapshot, Instant upTo, Instant at) {
        return new RecordedVerdict(c.table(), v.partition(), v.equal(), snapshot, upTo, v.warmRows(), v.coldRows(),
                v.warmChecksum(), v.coldChecksum(), v.warmMinTime(), v.warmMaxTime(), v.coldMinTime(), v.coldMaxTime(),
                c.runId(), c.commandId(), at);
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static void matching(String field, String value, Pattern pattern, String what) {
        required(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not " + what);
        }
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }

    private static void id(String field, String value) {
        required(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " contains control characters");
        }
    }

    private static Optional<String> checksum(String field, Optional<String> value) {
        Optional<String> v = required(field, value);
        if (v.isPresent() && v.get().isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return v;
    }

    private static Optional<Instant> time(String field, Optional<Instant> value) {
        return required(field, value).map(RecordedVerdict::micros);
    }

    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }
}
