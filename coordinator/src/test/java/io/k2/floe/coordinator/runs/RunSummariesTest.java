package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TableOutcome;
import io.k2.floe.tiering.messages.TableRunSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummariesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:15:00Z");

    @Test
    void eachTableIsSummarisedOnceWithItsRowsTimeMarkerAndLastError() {
        RunRecord run = new RunRecord();
        run.runId = "run-1";
        run.kind = RunKind.SCHEDULED;
        run.status = RunStatus.RUNNING;
        run.startedAt = T0;
        TaskRecord first = task("bronze_trades_binance", TaskStatus.SUCCEEDED, 100, T0.plusSeconds(1), T0.plusSeconds(3));
        TaskRecord second = task("bronze_trades_binance", TaskStatus.SUCCEEDED, 50, T0.plusSeconds(3), T0.plusSeconds(6));
        TaskRecord failed = task("bronze_trades_kraken", TaskStatus.FAILED, 0, T0.plusSeconds(1), T0.plusSeconds(9));
        failed.errorType = "WARM_UNAVAILABLE";
        TaskRecord skipped = task("silver_trades", TaskStatus.SKIPPED, 0, null, T0.plusSeconds(9));
        TaskRecord audit = task("bronze_trades_binance", TaskStatus.SENT, 0, T0.plusSeconds(7), null);
        audit.kind = io.k2.floe.tiering.messages.TaskKind.AUDIT;

        RunCompleted summary = RunSummaries.of(run, List.of(first, second, failed, skipped, audit),
                table -> Optional.of(T0), T0.plusSeconds(10));

        assertThat(summary.outcome()).isEqualTo(TableOutcome.FAILED);
        assertThat(summary.tables()).extracting(TableRunSummary::table)
                .containsExactly("bronze_trades_binance", "bronze_trades_kraken", "silver_trades");
        TableRunSummary binance = summary.tables().get(0);
        assertThat(binance.outcome()).isEqualTo(TableOutcome.SUCCEEDED);
        assertThat(binance.rows()).isEqualTo(150);
        assertThat(binance.durationMs()).isEqualTo(5000);
        assertThat(binance.marker()).contains(T0);
        assertThat(summary.tables().get(1).errorType()).contains("WARM_UNAVAILABLE");
        assertThat(summary.tables().get(2).outcome()).isEqualTo(TableOutcome.SKIPPED);
        assertThat(summary.tables().get(2).durationMs()).isZero();
    }

    @Test
    void anAuditRunIsItsAuditAndEndsWithTheVerdictAsItsNote() {
        RunRecord run = new RunRecord();
        run.runId = "run-1";
        run.kind = RunKind.AUDIT;
        run.status = RunStatus.RUNNING;
        run.startedAt = T0;
        TaskRecord audit = RunEngine.auditTask("run-1", "bronze_trades_binance", T0);
        assertThat(RunSummaries.counts(run, audit)).as("an audit run waits for its audit").isTrue();
        audit.status = TaskStatus.SUCCEEDED;
        audit.firstSentAt = T0.plusSeconds(1);
        audit.finishedAt = T0.plusSeconds(4);
        audit.note = "mismatched: 2026-03-01 (warm 3 rows, cold 2); the other 1 partition equal";

        RunCompleted summary = RunSummaries.of(run, List.of(audit), table -> Optional.of(T0), T0.plusSeconds(5));
        assertThat(summary.tables()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("bronze_trades_binance");
            assertThat(table.outcome()).isEqualTo(TableOutcome.SUCCEEDED);
            assertThat(table.durationMs()).isEqualTo(3000);
        });
        assertThat(RunSummaries.note(run, List.of(audit))).contains(audit.note);

        audit.status = TaskStatus.FAILED;
        audit.errorType = "COLD_UNAVAILABLE";
        audit.errorMessage = "the catalog cannot be reached";
        assertThat(RunSummaries.of(run, List.of(audit), table -> Optional.of(T0), T0.plusSeconds(5)).outcome())
                .isEqualTo(TableOutcome.FAILED);
        assertThat(RunSummaries.note(run, List.of(audit)))
                .contains("audit failed: COLD_UNAVAILABLE: the catalog cannot be reached");
    }

    @Test
    void otherRunsEndWithTheirOffloadsWithoutWaitingForTheirAudits() {
        RunRecord run = new RunRecord();
        run.kind = RunKind.REPAIR;
        TaskRecord audit = RunEngine.auditTask("run-1", "bronze_trades_binance", T0);
        assertThat(RunSummaries.counts(run, audit)).isFalse();
        assertThat(RunSummaries.counts(run, task("bronze_trades_binance", TaskStatus.SENT, 0, T0, null))).isTrue();
        assertThat(RunSummaries.note(run, List.of(audit))).isEmpty();
    }

    private static TaskRecord task(String table, TaskStatus status, long rows, Instant sent, Instant finished) {
        TaskRecord task = RunEngine.offloadTask("run-1", table, OffloadKind.NORMAL, T0);
        task.status = status;
        task.rows = rows;
        task.firstSentAt = sent;
        task.finishedAt = finished;
        return task;
    }
}
