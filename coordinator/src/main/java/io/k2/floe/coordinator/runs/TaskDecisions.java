package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.SkipReason;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.tiering.messages.TableOutcome;
import io.k2.floe.tiering.messages.TaskKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The run engine's decisions about tasks and runs, made from the ledger's rows, the current instant and the
 * configuration only: which waiting task may start, which retry is due, which attempt timed out, when a run ends and
 * how. {@link RunEngine} reads the ledger, asks, then writes and publishes; keeping the decisions here lets them be
 * tested at chosen instants without a database or a broker.
 */
public final class TaskDecisions {

    private final RetryRules retries;
    private final Duration taskTimeout;
    private final Duration maintenanceTimeout;

    public TaskDecisions(RetryRules retries, Duration taskTimeout, Duration maintenanceTimeout) {
        this.retries = retries;
        this.taskTimeout = taskTimeout;
        this.maintenanceTimeout = maintenanceTimeout;
    }

    static TaskDecisions of(CoordinatorConfig config) {
        return new TaskDecisions(new RetryRules(config.maxAttempts(), config.retryBackoff(), config.retryBackoffMax()),
                config.taskTimeout(), config.maintenance().taskTimeout());
    }

    public RetryRules retries() {
        return retries;
    }

    /** How long an attempt may stay unanswered: maintenance takes longer than a window. */
    public Duration timeout(TaskRecord task) {
        return task.kind == TaskKind.MAINTENANCE ? maintenanceTimeout : taskTimeout;
    }

    /**
     * Whether a waiting offload task may have its first attempt. Upstream tasks are looked at first, in the order the
     * catalog lists the upstreams: one unfinished holds the task back; one failed, or skipped because its own upstream
     * did not complete, skips it. Then the table: another offload of it out or due again (in any run) holds the task
     * back, and a paused table skips it.
     *
     * @param upstreams the table's upstream tables (the catalog's {@code depends-on})
     * @param runTasks  every task of the task's run
     * @param tableBusy whether another offload task of the table is out or due again; asked only when the upstreams
     *                  allow the task to start
     * @param paused    whether the table is paused; asked last
     */
    public StartGate gate(TaskRecord task, List<String> upstreams, List<TaskRecord> runTasks, BooleanSupplier tableBusy,
                          BooleanSupplier paused) {
        for (String upstream : upstreams) {
            for (TaskRecord other : runTasks) {
                if (!other.tableId.equals(upstream) || !other.isOffload()) {
                    continue;
                }
                if (!other.status.finished()) {
                    return new StartGate.Wait("upstream " + upstream + " has not finished");
                }
                if (other.status == TaskStatus.FAILED
                        || SkipReason.of(other).map(SkipReason::skipsDownstreams).orElse(false)) {
                    return new StartGate.Skip(new SkipReason.UpstreamIncomplete(upstream));
                }
            }
        }
        if (tableBusy.getAsBoolean()) {
            return new StartGate.Wait("another offload of " + task.tableId + " is out");
        }
        if (paused.getAsBoolean()) {
            return new StartGate.Skip(new SkipReason.TablePaused());
        }
        return new StartGate.Open();
    }

    /** Whether a task backing off after a failed attempt is to be sent again now. */
    public boolean retryDue(TaskRecord task, Instant now) {
        return task.status == TaskStatus.RETRY_WAIT && (task.nextAttemptAt == null || !task.nextAttemptAt.isAfter(now));
    }

    /** When a task whose attempt failed with a retryable error is sent again: after the backoff of its attempts. */
    public Instant nextAttemptAt(TaskRecord task, Instant now) {
        return now.plus(retries.backoff(task.attempts));
    }

    /**
     * An attempt without an answer past its deadline: sent again at once with the same command id (a worker answers a
     * window it already committed as a repeat), or failed when it was the last attempt allowed.
     *
     * @return empty while the task is not a sent one past its deadline
     */
    public Optional<Timeout> timedOut(TaskRecord task, Instant now) {
        if (task.status != TaskStatus.SENT || task.deadlineAt == null || !task.deadlineAt.isBefore(now)) {
            return Optional.empty();
        }
        String message = "no answer to attempt " + task.attempts + " within " + timeout(task);
        return Optional.of(new Timeout(task.attempts < retries.maxAttempts(), message));
    }

    /** @param resend whether the same command goes out again now; otherwise the task fails */
    public record Timeout(boolean resend, String message) {
    }

    /**
     * How a running run ends once every task that decides it has finished (its offloads; an audit run's audit; every
     * maintenance step): FAILED when a table failed, else SUCCEEDED. Empty while one is still open.
     */
    public Optional<RunStatus> end(RunRecord run, List<TaskRecord> tasks, Instant now) {
        if (!tasks.stream().filter(t -> RunSummaries.counts(run, t)).allMatch(t -> t.status.finished())) {
            return Optional.empty();
        }
        TableOutcome outcome = RunSummaries.of(run, tasks, table -> Optional.empty(), now).outcome();
        return Optional.of(outcome == TableOutcome.FAILED ? RunStatus.FAILED : RunStatus.SUCCEEDED);
    }
}
