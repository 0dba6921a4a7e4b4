package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedVerdictTest {

    private static final Instant AT = Instant.parse("2026-03-02T07:00:00Z");
    private static final Instant UP_TO = Instant.parse("2026-03-02T06:00:00Z");

    private static RecordedVerdict with(String table, String partition, Instant marker, long warmRows, long coldRows,
                                        Optional<String> warmChecksum, Optional<Instant> warmMin, String runId,
                                        String commandId, Instant auditedAt) {
        return new RecordedVerdict(table, partition, true, 42L, marker, warmRows, coldRows, warmChecksum,
                Optional.of("abc"), warmMin, Optional.empty(), Optional.empty(), Optional.empty(), runId, commandId,
                auditedAt);
    }

    private static RecordedVerdict valid() {
        return with("bronze_trades", "2026-03-01", UP_TO, 10, 10, Optional.of("abc"), Optional.empty(), "run-1", "cmd-1", AT);
    }

    @Test
    void aCompleteVerdictIsAccepted() {
        RecordedVerdict v = valid();
        assertThat(v.tableId()).isEqualTo("bronze_trades");
        assertThat(v.partition()).isEqualTo("2026-03-01");
        assertThat(v.warmRows()).isEqualTo(10);
    }

    @Test
    void missingFieldsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> with(null, "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("tableId is required");
        assertThatThrownBy(() -> with("t", null, UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("partition is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", null, 1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("markerUpper is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, null, Optional.empty(), "r", "c", AT))
                .hasMessage("warmChecksum is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), null, "r", "c", AT))
                .hasMessage("warmMinTime is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), null, "c", AT))
                .hasMessage("runId is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", null, AT))
                .hasMessage("commandId is required");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "c", null))
                .hasMessage("auditedAt is required");
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, -1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("warmRows must not be negative, got -1");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, -5, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("coldRows must not be negative, got -5");
    }

    @Test
    void malformedIdsLabelsAndChecksumsAreRefused() {
        assertThatThrownBy(() -> with("bronze-trades", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("tableId 'bronze-trades' is not a table id (letters, digits and underscores, at most 128)");
        assertThatThrownBy(() -> with("t", "2026 03 01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "c", AT))
                .hasMessage("partition '2026 03 01' is not a partition label (e.g. 2024-05-01)");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.of(" "), Optional.empty(), "r", "c", AT))
                .hasMessage("warmChecksum must not be blank");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), " ", "c", AT))
                .hasMessage("runId must not be blank");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r", "x".repeat(201), AT))
                .hasMessage("commandId is longer than 200 characters");
        assertThatThrownBy(() -> with("t", "2026-03-01", UP_TO, 1, 1, Optional.empty(), Optional.empty(), "r\n", "c", AT))
                .hasMessage("runId contains control characters");
    }

    @Test
    void instantsAreKeptToTheMicrosecondAsTheStoreKeepsThem() {
        Instant nanos = Instant.parse("2026-03-02T07:00:00.123456789Z");
        RecordedVerdict v = with("t", "2026-03-01", nanos, 1, 1, Optional.empty(), Optional.of(nanos), "r", "c", nanos);
        Instant micros = Instant.parse("2026-03-02T07:00:00.123456Z");
        assertThat(v.markerUpper()).isEqualTo(micros);
        assertThat(v.warmMinTime()).contains(micros);
        assertThat(v.auditedAt()).isEqualTo(micros);
    }

    @Test
    void anAuditCompletedEventGivesOneVerdictPerPartitionWithItsSnapshotAndMarker() {
        PartitionVerdict equal = new PartitionVerdict("2026-03-01", true, 5, 5, Optional.of(UP_TO.minusSeconds(60)),
                Optional.of(UP_TO), Optional.of(UP_TO.minusSeconds(60)), Optional.of(UP_TO), Optional.of("aa"), Optional.of("aa"));
        PartitionVerdict mismatch = new PartitionVerdict("2026-03-02", false, 7, 6, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("bb"), Optional.of("cc"));
        AuditCompleted completed = new AuditCompleted("cmd-9", "run-9", "bronze_trades", 1, Optional.of(77L),
                Optional.of(UP_TO), 1200, List.of(equal, mismatch));

        List<RecordedVerdict> verdicts = RecordedVerdict.of(completed, AT);

        assertThat(verdicts).containsExactly(
                new RecordedVerdict("bronze_trades", "2026-03-01", true, 77L, UP_TO, 5, 5, Optional.of("aa"),
                        Optional.of("aa"), Optional.of(UP_TO.minusSeconds(60)), Optional.of(UP_TO),
                        Optional.of(UP_TO.minusSeconds(60)), Optional.of(UP_TO), "run-9", "cmd-9", AT),
                new RecordedVerdict("bronze_trades", "2026-03-02", false, 77L, UP_TO, 7, 6, Optional.of("bb"),
                        Optional.of("cc"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        "run-9", "cmd-9", AT));
    }

    @Test
    void anAuditWithoutSnapshotOrMarkerCannotBeRecorded() {
        AuditCompleted noSnapshot = new AuditCompleted("cmd-9", "run-9", "bronze_trades", 1, Optional.empty(),
                Optional.of(UP_TO), 10, List.of());
        AuditCompleted noMarker = new AuditCompleted("cmd-9", "run-9", "bronze_trades", 1, Optional.of(77L),
                Optional.empty(), 10, List.of());
        assertThatThrownBy(() -> RecordedVerdict.of(noSnapshot, AT)).hasMessage("audit cmd-9 of bronze_trades names no cold snapshot");
        assertThatThrownBy(() -> RecordedVerdict.of(noMarker, AT)).hasMessage("audit cmd-9 of bronze_trades names no marker");
    }
}
