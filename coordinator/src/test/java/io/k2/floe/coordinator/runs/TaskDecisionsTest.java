package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.SkipReason;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.TaskKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The run engine's decisions at chosen instants, on ledger rows built in memory: no database, broker or Quarkus. */
class TaskDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:15:00Z");
    private static final List<String> BRONZE = List.of("bronze_trades_binance", "bronze_trades_kraken");
    private static final List<String> SILVER = List.of("silver_trades");

    /** The defaults of floe.coordinator.*: 3 attempts, backoff 5 s doubling up to 5 min, 2 min and 30 min timeouts. */
    private final TaskDecisions decisions = new TaskDecisions(new RetryRules(3, Duration.ofSeconds(5),
            Duration.ofMinutes(5)), Duration.ofMinutes(2), Duration.ofMinutes(30));

    private static final BooleanSupplier FREE = () -> false;
    private static final BooleanSupplier NOT_PAUSED = () -> false;

    @Nested
    class DagGating {

        @Test
        void bronzeTablesStartAtOnceSilverWaitsForBothAndGoldForSilver() {
            TaskRecord binance = offload("bronze_trades_binance", TaskStatus.WAITING);
            TaskRecord kraken = offload("bronze_trades_kraken", TaskStatus.WAITING);
            TaskRecord silver = offload("silver_trades", TaskStatus.WAITING);
            TaskRecord gold = offload("gold_ohlcv_1m", TaskStatus.WAITING);
            List<TaskRecord> run = List.of(binance, kraken, silver, gold);

            assertThat(decisions.gate(binance, List.of(), run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Open.class);
            assertThat(decisions.gate(kraken, List.of(), run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Open.class);
            assertThat(decisions.gate(silver, BRONZE, run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Wait.class);

            binance.status = TaskStatus.SUCCEEDED;
            kraken.status = TaskStatus.SENT;
            assertThat(decisions.gate(silver, BRONZE, run, FREE, NOT_PAUSED))
                    .isEqualTo(new StartGate.Wait("upstream bronze_trades_kraken has not finished"));

            kraken.status = TaskStatus.SUCCEEDED;
            assertThat(decisions.gate(silver, BRONZE, run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Open.class);
            assertThat(decisions.gate(gold, SILVER, run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Wait.class);

            silver.status = TaskStatus.SUCCEEDED;
            assertThat(decisions.gate(gold, SILVER, run, FREE, NOT_PAUSED)).isInstanceOf(StartGate.Open.class);
        }

        @Test
        void anUpstreamStillOnItsSecondWindowHoldsTheDownstreamBack() {
            TaskRecord firstWindow = offload("silver_trades", TaskStatus.SUCCEEDED);
            TaskRecord secondWindow = offload("silver_trades", TaskStatus.RETRY_WAIT);
            secondWindow.seq = 1;
            TaskRecord gold = offload("gold_ohlcv_1h", TaskStatus.WAITING);

            assertThat(decisions.gate(gold, SILVER, List.of(firstWindow, secondWindow, gold), FREE, NOT_PAUSED))
                    .isInstanceOf(StartGate.Wait.class);
        }

        @Test
        void anUpstreamsAuditDoesNotHoldTheDownstreamBack() {
            TaskRecord silver = offload("silver_trades", TaskStatus.SUCCEEDED);
            TaskRecord audit = offload("silver_trades", TaskStatus.SENT);
            audit.kind = TaskKind.AUDIT;
            TaskRecord gold = offload("gold_ohlcv_5m", TaskStatus.WAITING);

            assertThat(decisions.gate(gold, SILVER, List.of(silver, audit, gold), FREE, NOT_PAUSED))
                    .isInstanceOf(StartGate.Open.class);
        }

        @Test
        void aTableWithAnotherRunsOffloadOutWaitsAndIsNotSkippedEvenWhenPaused() {
            TaskRecord backfill = offload("bronze_trades_binance", TaskStatus.WAITING);

            assertThat(decisions.gate(backfill, List.of(), List.of(backfill), () -> true, () -> true))
                    .isEqualTo(new StartGate.Wait("another offload of bronze_trades_binance is out"));
            assertThat(decisions.gate(backfill, List.of(), List.of(backfill), FREE, NOT_PAUSED))
                    .isInstanceOf(StartGate.Open.class);
        }

        @Test
        void theTableIsLookedAtOnlyOnceItsUpstreamsAllowTheTaskToStart() {
            TaskRecord silver = offload("silver_trades", TaskStatus.WAITING);
            List<TaskRecord> run = List.of(offload("bronze_trades_binance", TaskStatus.SENT), silver);
            BooleanSupplier unexpected = () -> fail("the table's state was read while an upstream is unfinished");

            assertThat(decisions.gate(silver, BRONZE, run, unexpected, unexpected)).isInstanceOf(StartGate.Wait.class);
        }

        @Test
        void aPausedTableIsSkippedWithItsReason() {
            TaskRecord task = offload("gold_ohlcv_1d", TaskStatus.WAITING);

            StartGate gate = decisions.gate(task, List.of(), List.of(task), FREE, () -> true);

            assertThat(gate).isEqualTo(new StartGate.Skip(new SkipReason.TablePaused()));
            assertThat(((StartGate.Skip) gate).reason().note()).isEqualTo("table is paused");
        }
    }

    @Nested
    class SkipPropagation {

        @Test
        void aFailedBronzeSkipsSilverWhichSkipsEveryGoldTable() {
            TaskRecord binance = offload("bronze_trades_binance", TaskStatus.FAILED);
            TaskRecord kraken = offload("bronze_trades_kraken", TaskStatus.SUCCEEDED);
            TaskRecord silver = offload("silver_trades", TaskStatus.WAITING);
            List<TaskRecord> run = new ArrayList<>(List.of(binance, kraken, silver));

            StartGate silverGate = decisions.gate(silver, BRONZE, run, FREE, NOT_PAUSED);
            assertThat(silverGate).isEqualTo(new StartGate.Skip(
                    new SkipReason.UpstreamIncomplete("bronze_trades_binance")));

            // as RunEngine.skip stores it
            silver.status = TaskStatus.SKIPPED;
            silver.note = ((StartGate.Skip) silverGate).reason().note();
            assertThat(silver.note).isEqualTo("upstream bronze_trades_binance did not complete");
            for (String goldTable : List.of("gold_ohlcv_1m", "gold_ohlcv_15m", "gold_ohlcv_1d")) {
                TaskRecord gold = offload(goldTable, TaskStatus.WAITING);
                run.add(gold);
                assertThat(decisions.gate(gold, SILVER, run, FREE, NOT_PAUSED)).isEqualTo(new StartGate.Skip(
                        new SkipReason.UpstreamIncomplete("silver_trades")));
            }
        }

        @Test
        void aPausedUpstreamDoesNotSkipItsDownstreams() {
            TaskRecord silver = offload("silver_trades", TaskStatus.SKIPPED);
            silver.note = new SkipReason.TablePaused().note();
            TaskRecord gold = offload("gold_ohlcv_30m", TaskStatus.WAITING);

            // the window plan then holds gold back at silver's committed marker
            assertThat(decisions.gate(gold, SILVER, List.of(silver, gold), FREE, NOT_PAUSED))
                    .isInstanceOf(StartGate.Open.class);
        }

        @Test
        void anUpstreamSkippedBeforeThisChangeIsReadFromItsStoredNote() {
            TaskRecord silver = offload("silver_trades", TaskStatus.SKIPPED);
            silver.note = "upstream bronze_trades_kraken did not complete";
            TaskRecord gold = offload("gold_ohlcv_1m", TaskStatus.WAITING);

            assertThat(decisions.gate(gold, SILVER, List.of(silver, gold), FREE, NOT_PAUSED)).isEqualTo(
                    new StartGate.Skip(new SkipReason.UpstreamIncomplete("silver_trades")));
        }
    }

    @Nested
    class Retries {

        @Test
        void aRetryableFailureIsSentAgainOnceItsBackoffHasPassedAndDoublesEachTime() {
            TaskRecord task = offload("bronze_trades_kraken", TaskStatus.RETRY_WAIT);
            task.attempts = 1;
            assertThat(decisions.retries().after(ErrorTypes.WARM_UNAVAILABLE, 1)).isEqualTo(RetryRules.Reaction.RETRY);
            task.nextAttemptAt = decisions.nextAttemptAt(task, T0);

            assertThat(task.nextAttemptAt).isEqualTo(T0.plusSeconds(5));
            assertThat(decisions.retryDue(task, T0.plusSeconds(4))).isFalse();
            assertThat(decisions.retryDue(task, T0.plusSeconds(5))).isTrue();

            task.attempts = 2;
            assertThat(decisions.nextAttemptAt(task, T0)).isEqualTo(T0.plusSeconds(10));
        }

        @Test
        void theLastAttemptAllowedIsNotRetried() {
            assertThat(decisions.retries().after(ErrorTypes.COLD_UNAVAILABLE, 2)).isEqualTo(RetryRules.Reaction.RETRY);
            assertThat(decisions.retries().after(ErrorTypes.COLD_UNAVAILABLE, 3)).isEqualTo(RetryRules.Reaction.GIVE_UP);
        }

        @Test
        void aFinalErrorFailsTheTaskAtTheFirstAttempt() {
            for (String error : List.of(ErrorTypes.UNKNOWN_TABLE, ErrorTypes.UNSUPPORTED_TYPE,
                    ErrorTypes.MARKER_LOST, ErrorTypes.MALFORMED_COMMAND)) {
                assertThat(decisions.retries().after(error, 1)).as(error).isEqualTo(RetryRules.Reaction.GIVE_UP);
            }
        }

        @Test
        void aCommandTheBrokerDidNotTakeIsRetriedLikeAnyUnavailableService() {
            assertThat(decisions.retries().after(ErrorTypes.BROKER_UNAVAILABLE, 1)).isEqualTo(RetryRules.Reaction.RETRY);
        }

        @Test
        void onlyTasksBackingOffAreRetried() {
            TaskRecord waiting = offload("silver_trades", TaskStatus.WAITING);
            TaskRecord sent = offload("silver_trades", TaskStatus.SENT);

            assertThat(decisions.retryDue(waiting, T0)).isFalse();
            assertThat(decisions.retryDue(sent, T0)).isFalse();
        }
    }

    @Nested
    class Timeouts {

        @Test
        void anUnansweredAttemptIsSentAgainAtOnceAfterTheTaskTimeout() {
            TaskRecord task = sent("bronze_trades_binance", 1, T0);

            assertThat(decisions.timedOut(task, T0.plus(Duration.ofMinutes(2)))).isEmpty();
            assertThat(decisions.timedOut(task, T0.plus(Duration.ofMinutes(2)).plusMillis(1)))
                    .contains(new TaskDecisions.Timeout(true, "no answer to attempt 1 within PT2M"));
        }

        @Test
        void theLastAttemptTimingOutFailsTheTask() {
            TaskRecord task = sent("bronze_trades_binance", 3, T0);

            assertThat(decisions.timedOut(task, T0.plus(Duration.ofMinutes(3))))
                    .contains(new TaskDecisions.Timeout(false, "no answer to attempt 3 within PT2M"));
        }

        @Test
        void aMaintenanceStepHasTheLongerMaintenanceTimeout() {
            TaskRecord step = sent("silver_trades", 1, T0);
            step.kind = TaskKind.MAINTENANCE;
            step.deadlineAt = T0.plus(decisions.timeout(step));

            assertThat(decisions.timeout(step)).isEqualTo(Duration.ofMinutes(30));
            assertThat(decisions.timedOut(step, T0.plus(Duration.ofMinutes(29)))).isEmpty();
            assertThat(decisions.timedOut(step, T0.plus(Duration.ofMinutes(31)))).isPresent();
        }

        @Test
        void aTaskNotOutCannotTimeOut() {
            TaskRecord task = sent("bronze_trades_binance", 1, T0);
            task.status = TaskStatus.SUCCEEDED;

            assertThat(decisions.timedOut(task, T0.plus(Duration.ofHours(1)))).isEmpty();
        }

        private TaskRecord sent(String table, int attempt, Instant at) {
            TaskRecord task = offload(table, TaskStatus.SENT);
            task.attempts = attempt;
            task.sentAt = at;
            task.deadlineAt = at.plus(decisions.timeout(task));
            return task;
        }
    }

    @Nested
    class RunEnd {

        @Test
        void aRunGoesOnWhileAnOffloadIsOpenAndEndsWithoutWaitingForItsAudits() {
            RunRecord run = run(RunKind.SCHEDULED);
            TaskRecord binance = offload("bronze_trades_binance", TaskStatus.SUCCEEDED);
            TaskRecord silver = offload("silver_trades", TaskStatus.RETRY_WAIT);
            TaskRecord audit = offload("bronze_trades_binance", TaskStatus.SENT);
            audit.kind = TaskKind.AUDIT;

            assertThat(decisions.end(run, List.of(binance, silver, audit), T0)).isEmpty();
            silver.status = TaskStatus.SUCCEEDED;
            assertThat(decisions.end(run, List.of(binance, silver, audit), T0)).contains(RunStatus.SUCCEEDED);
        }

        @Test
        void aRunWithAFailedTableFailsAndOneWithOnlySkippedTablesSucceeds() {
            RunRecord run = run(RunKind.MANUAL);
            TaskRecord failed = offload("bronze_trades_kraken", TaskStatus.FAILED);
            TaskRecord skipped = offload("silver_trades", TaskStatus.SKIPPED);

            assertThat(decisions.end(run, List.of(failed, skipped), T0)).contains(RunStatus.FAILED);
            assertThat(decisions.end(run, List.of(skipped), T0)).contains(RunStatus.SUCCEEDED);
        }

        @Test
        void anAuditRunEndsWithItsAudit() {
            RunRecord run = run(RunKind.AUDIT);
            TaskRecord audit = offload("silver_trades", TaskStatus.SENT);
            audit.kind = TaskKind.AUDIT;

            assertThat(decisions.end(run, List.of(audit), T0)).isEmpty();
            audit.status = TaskStatus.FAILED;
            assertThat(decisions.end(run, List.of(audit), T0)).contains(RunStatus.FAILED);
        }

        @Test
        void aMaintenanceRunEndsWhenEveryStepHasFinished() {
            RunRecord run = run(RunKind.MAINTENANCE);
            TaskRecord compacted = offload("silver_trades", TaskStatus.SUCCEEDED);
            compacted.kind = TaskKind.MAINTENANCE;
            TaskRecord expiring = offload("silver_trades", TaskStatus.WAITING);
            expiring.kind = TaskKind.MAINTENANCE;

            assertThat(decisions.end(run, List.of(compacted, expiring), T0)).isEmpty();
            expiring.status = TaskStatus.SUCCEEDED;
            assertThat(decisions.end(run, List.of(compacted, expiring), T0)).contains(RunStatus.SUCCEEDED);
        }

        private RunRecord run(RunKind kind) {
            RunRecord run = new RunRecord();
            run.runId = "run-1";
            run.kind = kind;
            run.status = RunStatus.RUNNING;
            run.startedAt = T0;
            return run;
        }
    }

    private static TaskRecord offload(String table, TaskStatus status) {
        TaskRecord task = RunEngine.offloadTask("run-1", table, OffloadKind.NORMAL, T0);
        task.status = status;
        return task;
    }
}
