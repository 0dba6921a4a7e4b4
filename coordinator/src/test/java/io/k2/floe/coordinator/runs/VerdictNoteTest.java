package io.k2.floe.coordinator.runs;

import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The line an audit's verdicts become in its task's and its run's note. */
class VerdictNoteTest {

    @Test
    void equalPartitionsAreOneWordAndMismatchesAreNamedWithBothSidesRows() {
        assertThat(TaskEvents.verdictNote(audit(verdict("2026-03-01", true, 3, 3)))).isEqualTo("all partitions equal");
        assertThat(TaskEvents.verdictNote(audit(verdict("2026-03-01", true, 3, 3), verdict("2026-03-02", true, 5, 5))))
                .isEqualTo("all partitions equal");
        assertThat(TaskEvents.verdictNote(audit(verdict("2026-03-01", false, 3, 2))))
                .isEqualTo("mismatched: 2026-03-01 (warm 3 rows, cold 2)");
        assertThat(TaskEvents.verdictNote(audit(verdict("2026-03-01", false, 3, 2), verdict("2026-03-02", true, 5, 5),
                verdict("2026-03-03", false, 4, 4))))
                .isEqualTo("mismatched: 2026-03-01 (warm 3 rows, cold 2), 2026-03-03 (4 rows on both sides, content"
                        + " differs); the other 1 partition equal");
    }

    @Test
    void aLongListOfMismatchesIsCutShort() {
        PartitionVerdict[] verdicts = new PartitionVerdict[12];
        for (int day = 1; day <= 12; day++) {
            verdicts[day - 1] = verdict(String.format("2026-03-%02d", day), false, 1, 0);
        }
        String note = TaskEvents.verdictNote(audit(verdicts));
        assertThat(note).startsWith("mismatched: 2026-03-01 (warm 1 rows, cold 0)")
                .contains("2026-03-10").doesNotContain("2026-03-11").endsWith(" and 2 more");
    }

    private static AuditCompleted audit(PartitionVerdict... verdicts) {
        return new AuditCompleted("c-1", "run-1", "bronze_trades_binance", 1, Optional.of(7L), Optional.empty(), 10,
                List.of(verdicts));
    }

    private static PartitionVerdict verdict(String partition, boolean equal, long warm, long cold) {
        return new PartitionVerdict(partition, equal, warm, cold, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
