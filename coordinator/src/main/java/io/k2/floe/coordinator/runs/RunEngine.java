package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.dispatch.Publisher;
import io.k2.floe.coordinator.maintenance.MaintenanceRequest;
import io.k2.floe.coordinator.maintenance.MaintenanceSteps;
import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.SkipReason;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.coordinator.ledger.WaitingReason;
import io.k2.floe.coordinator.markers.ColdMarkers;
import io.k2.floe.coordinator.markers.FirstWindow;
import io.k2.floe.coordinator.markers.MarkerReconciler;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceOptions;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.messages.TimeRange;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.health.Failures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts runs and moves them forward (R-SCHEDULE, R-DAG, R-RETRY, docs/requirements.md). Everything it knows is in the ledger, so a
 * restarted coordinator carries on where the last one stopped: {@link #advance()} looks at the open tasks and sends
 * what is due — a first attempt once a task's upstreams are done and its table is free, a retry once its backoff
 * has passed, the same command again once an attempt timed out — and ends runs whose offloads are all finished.
 * Workers' answers arrive through {@link TaskEvents}. One lock serialises all of it, so two threads never send the
 * same task. What is due, what timed out and when a run ends is decided by {@link TaskDecisions} from the ledger's rows
 * and the injected clock; this class does the ledger reads and writes and the publishing around those decisions.
 */
@ApplicationScoped
public class RunEngine {

    private static final Logger LOG = Logger.getLogger(RunEngine.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final TableCatalog catalog;
    private final CoordinatorConfig config;
    private final Publisher publisher;
    private final MarkerReconciler markers;
    private final ColdMarkers coldMarkers;
    private final FirstWindow firstWindow;
    private final RunMetrics metrics;
    private final RetryRules retries;
    private final TaskDecisions decisions;
    private final MaintenanceSteps maintenance;
    private final Clock clock;
    private volatile boolean scheduledRunDeferred;

    public RunEngine(TableCatalog catalog, CoordinatorConfig config, Publisher publisher, MarkerReconciler markers,
                     ColdMarkers coldMarkers, FirstWindow firstWindow, RunMetrics metrics,
                     MaintenanceSteps maintenance, Clock clock) {
        this.maintenance = maintenance;
        this.clock = clock;
        this.catalog = catalog;
        this.config = config;
        this.publisher = publisher;
        this.markers = markers;
        this.coldMarkers = coldMarkers;
        this.firstWindow = firstWindow;
        this.metrics = metrics;
        this.decisions = TaskDecisions.of(config);
        this.retries = decisions.retries();
    }

    public RetryRules retries() {
        return retries;
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** The decisions this engine acts on (RetryRules and timeouts from the configuration). */
    public TaskDecisions decisions() {
        return decisions;
    }

    /** The engine's "now"; event handling uses the same clock. */
    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Starting runs

    /**
     * A run of every catalog table up to now minus the settle lag. Runs of the schedule and manual runs never overlap:
     * while one is running, a scheduled start is deferred until it ends, and a manual start is refused.
     *
     * @return the run, or empty when a scheduled start was deferred
     */
    public Optional<RunRecord> startCycle(RunKind kind) {
        lock.lock();
        RunRecord run;
        try {
            Optional<RunRecord> active = activeCycle();
            if (active.isPresent()) {
                if (kind == RunKind.SCHEDULED) {
                    scheduledRunDeferred = true;
                    LOG.infof("run %s is still running: the scheduled run starts when it ends", active.get().runId);
                    return Optional.empty();
                }
                throw RequestRefused.conflict("run " + active.get().runId + " is still running (started "
                        + active.get().startedAt + "); a new run starts when it has ended");
            }
            scheduledRunDeferred = false;
            reconcileAll();
            Instant now = clock.instant();
            Instant cut = now.minus(config.settleLag()).truncatedTo(ChronoUnit.SECONDS);
            run = QuarkusTransaction.requiringNew().call(() -> {
                RunRecord created = newRun(kind == RunKind.SCHEDULED ? "run" : "manual", kind, now);
                created.cut = cut;
                created.persist();
                for (List<CatalogTable> layer : catalog.topologicalLayers()) {
                    for (CatalogTable table : layer) {
                        TaskRecord task = offloadTask(created.runId, table.id(), OffloadKind.NORMAL, now);
                        task.target = cut;
                        if (TableState.of(table.id(), now).paused) {
                            skip(task, new SkipReason.TablePaused(), now);
                        }
                        task.persist();
                    }
                }
                return created;
            });
            metrics.runStarted(kind);
            LOG.infof("run %s started (%s): windows up to %s", run.runId, kind, cut);
        } finally {
            lock.unlock();
        }
        advanceQuietly();
        return Optional.of(run);
    }

    /**
     * Offloads one table up to {@code to}, continuing from its committed marker, in windows of at most the maximum
     * window. {@code from} only applies to a table nothing was offloaded to yet: where its first window starts; warm
     * rows at or before it are refused unless {@code skipEarlierRows} (they would never be offloaded).
     */
    public RunRecord startBackfill(String tableId, Optional<Instant> from, Instant to, boolean skipEarlierRows) {
        lock.lock();
        RunRecord run;
        try {
            Optional<Instant> marker = markers.reconcile(tableId);
            Instant now = clock.instant();
            BackfillRequest.check(tableId, from, to, marker, now, config.settleLag(), paused(tableId));
            BackfillRequest.checkEarlierRows(tableId, from, from.isPresent() && !skipEarlierRows
                    ? firstWindow.earliestRow(tableId) : Optional.empty(), skipEarlierRows);
            run = QuarkusTransaction.requiringNew().call(() -> {
                RunRecord created = newRun("backfill", RunKind.BACKFILL, now);
                created.tableId = tableId;
                created.rangeFrom = from.orElse(null);
                created.rangeTo = to;
                created.cut = to;
                created.persist();
                TaskRecord task = offloadTask(created.runId, tableId, OffloadKind.BACKFILL, now);
                task.target = to;
                task.persist();
                return created;
            });
            metrics.runStarted(RunKind.BACKFILL);
            LOG.infof("run %s started: backfill of %s up to %s", run.runId, tableId, to);
        } finally {
            lock.unlock();
        }
        advanceQuietly();
        return run;
    }

    /** Re-reads one cold partition from the warm tier, up to the table's marker, and replaces it atomically. */
    public RunRecord startRepair(String tableId, String partition) {
        lock.lock();
        RunRecord run;
        try {
            Optional<Instant> marker = markers.reconcile(tableId);
            Instant now = clock.instant();
            if (marker.isEmpty()) {
                throw RequestRefused.conflict("table " + tableId + " has nothing in the cold tier yet (no committed"
                        + " marker): there is no partition to repair");
            }
            if (paused(tableId)) {
                throw RequestRefused.conflict("table " + tableId + " is paused: resume it before repairing it");
            }
            run = QuarkusTransaction.requiringNew().call(() -> {
                RunRecord created = newRun("repair", RunKind.REPAIR, now);
                created.tableId = tableId;
                created.partition = partition;
                created.cut = marker.get();
                created.persist();
                TaskRecord task = offloadTask(created.runId, tableId, OffloadKind.REPAIR, now);
                task.partition = partition;
                task.target = marker.get();
                task.persist();
                return created;
            });
            metrics.runStarted(RunKind.REPAIR);
            LOG.infof("run %s started: repair of %s partition %s", run.runId, tableId, partition);
        } finally {
            lock.unlock();
        }
        advanceQuietly();
        return run;
    }

    /**
     * Audits one table as the operator asked: its run is the one audit task, and ends when the auditor answers. An
     * audit only reads, so it neither waits for nor holds back the table's offloads, and a paused table can be audited.
     *
     * @throws RequestRefused when the table has no marker, nothing was offloaded into what the request names, or the
     *                        requested snapshot is not one of the cold table's (409); when Iceberg cannot be read (503)
     */
    public RunRecord startAudit(String tableId, AuditRequest request) {
        CatalogTable table = catalog.get(tableId);
        lock.lock();
        RunRecord run;
        try {
            Optional<Instant> marker = ColdReads.orRefuse("the committed marker of " + tableId,
                    () -> markers.reconcile(tableId));
            request.requireSomethingToAudit(table, marker);
            if (request.coldSnapshot().isPresent()) {
                long snapshot = request.coldSnapshot().get();
                if (!ColdReads.orRefuse("the snapshots of " + table.coldTable(),
                        () -> coldMarkers.hasSnapshot(tableId, snapshot))) {
                    throw RequestRefused.conflict("cold table " + table.coldTable() + " of " + tableId
                            + " has no snapshot " + snapshot + " (expired, or of another table); leave coldSnapshot"
                            + " out to audit the current one");
                }
            }
            Instant now = clock.instant();
            run = QuarkusTransaction.requiringNew().call(() -> {
                RunRecord created = newRun("audit", RunKind.AUDIT, now);
                created.tableId = tableId;
                created.cut = marker.get();
                created.partitions = request.partitions().isEmpty() ? null : String.join(",", request.partitions());
                created.rangeFrom = request.range().map(TimeRange::from).orElse(null);
                created.rangeTo = request.range().map(TimeRange::to).orElse(null);
                created.coldSnapshot = request.coldSnapshot().orElse(null);
                created.persist();
                TaskRecord task = auditTask(created.runId, tableId, now);
                task.partitions = created.partitions;
                task.rangeFrom = created.rangeFrom;
                task.rangeTo = created.rangeTo;
                task.coldSnapshot = created.coldSnapshot;
                task.persist();
                return created;
            });
            metrics.runStarted(RunKind.AUDIT);
            LOG.infof("run %s started: audit of %s, %s", run.runId, tableId, request.describe());
        } finally {
            lock.unlock();
        }
        advanceQuietly();
        return run;
    }

    /**
     * Maintains the tables as {@code request} asks (docs/maintenance/scheduling.md): one run, each table's steps one
     * after the other, the tables side by side. Never two maintenance runs on one table: a table whose maintenance is
     * still running, or that is paused, gets a skipped task saying so. Offloads of the tables go on meanwhile.
     *
     * @param tables the tables, in catalog order; one table: its run names it
     * @return the run, or empty when no table could start (every one busy or paused) and the request is not the
     *         operator's
     * @throws RequestRefused (409) when the operator's request finds no table that can start, naming the running run
     */
    public Optional<RunRecord> startMaintenance(List<String> tables, MaintenanceRequest request) {
        lock.lock();
        RunRecord run;
        try {
            Instant now = clock.instant();
            List<String> refusals = new ArrayList<>();
            run = QuarkusTransaction.requiringNew().call(() -> {
                Map<String, SkipReason> busy = new LinkedHashMap<>();
                for (String table : tables) {
                    TaskRecord.openMaintenanceRun(table).ifPresentOrElse(
                            id -> busy.put(table, new SkipReason.MaintenanceRunning(id, table)),
                            () -> {
                                if (TableState.of(table, now).paused) {
                                    busy.put(table, new SkipReason.MaintenancePaused(table));
                                }
                            });
                }
                if (busy.size() == tables.size()) {
                    busy.values().forEach(reason -> refusals.add(reason.note()));
                    return null;
                }
                RunRecord created = newRun("maintenance", RunKind.MAINTENANCE, now);
                created.tableId = tables.size() == 1 ? tables.get(0) : null;
                created.trigger = request.trigger().name();
                created.actions = String.join(",", request.actions().stream().map(Enum::name).toList());
                created.dryRun = request.dryRun();
                created.partitions = request.partitions().isEmpty() ? null : String.join(",", request.partitions());
                created.persist();
                for (String table : tables) {
                    if (busy.containsKey(table)) {
                        TaskRecord skipped = maintenanceSkip(created, table, busy.get(table), now);
                        skipped.persist();
                    } else {
                        maintenance.first(created, table, now).ifPresent(task -> task.persist());
                    }
                }
                return created;
            });
            if (run == null) {
                if (request.trigger() == MaintenanceRequest.Trigger.MANUAL) {
                    throw RequestRefused.conflict(String.join("; ", refusals));
                }
                LOG.infof("%s maintenance not started: %s", request.trigger(), String.join("; ", refusals));
                return Optional.empty();
            }
            metrics.runStarted(RunKind.MAINTENANCE);
            metrics.maintenanceStarted(request.trigger());
            LOG.infof("run %s started: %s maintenance of %s, actions %s%s", run.runId, request.trigger(), tables,
                    run.actions, run.dryRun ? " (dry run)" : "");
        } finally {
            lock.unlock();
        }
        advanceQuietly();
        return Optional.of(run);
    }

    private static TaskRecord maintenanceSkip(RunRecord run, String table, SkipReason why, Instant now) {
        TaskRecord task = new TaskRecord();
        task.runId = run.runId;
        task.tableId = table;
        task.kind = TaskKind.MAINTENANCE;
        task.commandId = UUID.randomUUID().toString();
        task.createdAt = now;
        task.dryRun = run.dryRun;
        skip(task, why, now);
        return task;
    }

    private Optional<RunRecord> activeCycle() {
        return QuarkusTransaction.requiringNew().call(() -> RunRecord.running().stream()
                .filter(r -> r.kind == RunKind.SCHEDULED || r.kind == RunKind.MANUAL)
                .findFirst());
    }

    private boolean paused(String tableId) {
        return QuarkusTransaction.requiringNew().call(() -> TableState.of(tableId, clock.instant()).paused);
    }

    /** Every table's marker from Iceberg; a table whose cold tier cannot be read keeps the ledger's (the worker checks). */
    void reconcileAll() {
        for (CatalogTable table : catalog.tables()) {
            try {
                markers.reconcile(table.id());
            } catch (RuntimeException e) {
                LOG.warnf("cannot read the marker of %s from Iceberg, planning from the ledger's: %s", table.id(),
                        Failures.describe(e));
            }
        }
    }

    private static RunRecord newRun(String prefix, RunKind kind, Instant now) {
        RunRecord run = new RunRecord();
        run.runId = RunIds.next(prefix, now);
        run.kind = kind;
        run.status = RunStatus.RUNNING;
        run.startedAt = now;
        return run;
    }

    static TaskRecord offloadTask(String runId, String tableId, OffloadKind kind, Instant now) {
        TaskRecord task = new TaskRecord();
        task.runId = runId;
        task.tableId = tableId;
        task.kind = TaskKind.OFFLOAD;
        task.offloadKind = kind;
        task.commandId = UUID.randomUUID().toString();
        task.status = TaskStatus.WAITING;
        task.createdAt = now;
        return task;
    }

    /** An audit task, waiting to be sent; the caller says what it audits. */
    static TaskRecord auditTask(String runId, String tableId, Instant now) {
        TaskRecord task = new TaskRecord();
        task.runId = runId;
        task.tableId = tableId;
        task.kind = TaskKind.AUDIT;
        task.commandId = UUID.randomUUID().toString();
        task.status = TaskStatus.WAITING;
        task.createdAt = now;
        return task;
    }

    static void skip(TaskRecord task, SkipReason why, Instant now) {
        task.status = TaskStatus.SKIPPED;
        task.note = why.note();
        task.finishedAt = now;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Moving runs forward

    /** {@link #advance()} for callers that have already done their part: a failure is the next tick's to retry. */
    private void advanceQuietly() {
        try {
            advance();
        } catch (RuntimeException e) {
            LOG.warnf("sending the due commands failed, the next tick tries again: %s", Failures.describe(e));
        }
    }

    /**
     * Sends what is due and ends finished runs. Called after every event and every {@code floe.coordinator.tick}; a
     * failure (database or broker down) is logged and the next call tries again.
     */
    public void advance() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<TaskFailed> timeouts = QuarkusTransaction.requiringNew().call(() -> expire(now));
            for (TaskFailed timeout : timeouts) {
                publishQuietly(timeout);
            }
            List<Command> due = QuarkusTransaction.requiringNew().call(() -> due(now));
            for (Command command : due) {
                send(command);
            }
            for (RunCompleted summary : QuarkusTransaction.requiringNew().call(() -> finishRuns(clock.instant()))) {
                publishSummary(summary);
            }
        } finally {
            lock.unlock();
        }
        if (scheduledRunDeferred && activeCycle().isEmpty()) {
            startCycle(RunKind.SCHEDULED);
        }
    }

    /**
     * At the start of a leadership (a take-over, or this coordinator's start): sends again, unchanged (same command
     * id, same attempt), every command the ledger records as sent and not yet answered. The former leader may have
     * died between recording a command and publishing it; without this its task would wait out the whole task timeout.
     * A worker answers a command it already carried out from what it committed (the offload's marker, the audit's
     * verdict; docs/exactly-once.md), so a second copy changes nothing. Returns how many were sent.
     */
    public int resendInFlight() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Command> inFlight = QuarkusTransaction.requiringNew().call(() -> TaskRecord
                    .<TaskRecord>list("status", TaskStatus.SENT).stream().map(task -> command(task, now)).toList());
            for (Command command : inFlight) {
                send(command);
            }
            return inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sent commands without an answer within the task timeout: sent again at once, or failed when out of attempts. */
    private List<TaskFailed> expire(Instant now) {
        List<TaskFailed> timeouts = new ArrayList<>();
        for (TaskRecord task : TaskRecord.<TaskRecord>list("status = ?1 and deadlineAt < ?2", TaskStatus.SENT, now)) {
            TaskDecisions.Timeout timeout = decisions.timedOut(task, now).orElse(null);
            if (timeout == null) {
                continue;
            }
            String message = timeout.message();
            timeouts.add(new TaskFailed(task.commandId, task.runId, task.tableId, task.kind, task.attempts,
                    ErrorTypes.TIMEOUT, message, List.of()));
            task.errorType = ErrorTypes.TIMEOUT;
            task.errorMessage = message;
            if (timeout.resend()) {
                task.status = TaskStatus.RETRY_WAIT;
                task.nextAttemptAt = now;
            } else {
                fail(task, now);
            }
            metrics.timedOut(task);
            LOG.warnf("task %s of %s (command %s): %s", task.kind, task.tableId, task.commandId, message);
        }
        return timeouts;
    }

    /** Marks due tasks SENT and returns their commands; the caller publishes them after the commit. */
    private List<Command> due(Instant now) {
        List<Command> commands = new ArrayList<>();
        for (TaskRecord task : TaskRecord.open()) {
            switch (task.status) {
                case RETRY_WAIT -> {
                    if (decisions.retryDue(task, now)) {
                        commands.add(markSent(task, now));
                    }
                }
                case WAITING -> {
                    try {
                        start(task, now).ifPresent(commands::add);
                    } catch (RuntimeException e) {
                        // One table's trouble (say, its warm table cannot be read for a first window) must not hold
                        // back the others: the task stays waiting and is tried again at the next tick.
                        task.note = new WaitingReason(Failures.describe(e)).note();
                        LOG.warnf("task %s of %s (run %s) cannot start yet: %s", task.kind, task.tableId, task.runId,
                                Failures.describe(e));
                    }
                }
                default -> {
                }
            }
        }
        return commands;
    }

    /** A waiting task's first attempt, once its upstreams in the run are done and no other run offloads its table. */
    private Optional<Command> start(TaskRecord task, Instant now) {
        if (task.step != null) {
            return maintenance.prepare(task, now) ? Optional.of(markSent(task, now)) : Optional.empty();
        }
        if (task.kind == TaskKind.AUDIT) {
            return Optional.of(markSent(task, now));
        }
        List<String> upstreams = catalog.get(task.tableId).dependsOn();
        StartGate gate = decisions.gate(task, upstreams, TaskRecord.ofRun(task.runId),
                () -> TaskRecord.count("tableId = ?1 and kind = ?2 and status in ?3 and taskId <> ?4", task.tableId,
                        TaskKind.OFFLOAD, List.of(TaskStatus.SENT, TaskStatus.RETRY_WAIT), task.taskId) > 0,
                () -> TableState.of(task.tableId, now).paused);
        switch (gate) {
            case StartGate.Wait wait -> {
                return Optional.empty();
            }
            case StartGate.Skip skipped -> {
                skip(task, skipped.reason(), now);
                return Optional.empty();
            }
            case StartGate.Open open -> {
            }
        }
        TableState state = TableState.of(task.tableId, now);
        if (task.offloadKind == OffloadKind.REPAIR) {
            return Optional.of(startRepairTask(task, state, now));
        }
        Map<String, Optional<Instant>> upstreamMarkers = new LinkedHashMap<>();
        for (String upstream : upstreams) {
            upstreamMarkers.put(upstream, TableState.of(upstream, now).marker());
        }
        // The first lower bound matters only to a table without marker (and costs a ClickHouse query).
        Instant firstLower = state.marker().isPresent() ? task.target : firstLower(task);
        Optional<WindowPlan> plan = WindowPlan.next(state.marker(), firstLower, task.target, upstreamMarkers,
                config.maxWindow());
        task.note = null; // a "waiting: …" note of an earlier tick is history now
        if (plan.isEmpty()) {
            task.status = TaskStatus.SUCCEEDED;
            task.finishedAt = now;
            task.note = state.marker().filter(m -> !m.isBefore(task.target)).isPresent()
                    ? "nothing to offload: the marker is already at " + state.markerUpper
                    : "nothing to offload: upstreams committed only up to " + upstreamMarkers;
            return Optional.empty();
        }
        task.windowLower = plan.get().lower();
        task.windowUpper = plan.get().upper();
        plan.get().limitedBy().ifPresent(by -> task.note = "window limited by " + by);
        return Optional.of(markSent(task, now));
    }

    private Instant firstLower(TaskRecord task) {
        RunRecord run = RunRecord.findById(task.runId);
        if (run != null && run.rangeFrom != null) {
            return run.rangeFrom;
        }
        return firstWindow.lowerBound(task.tableId, task.target.minusSeconds(1));
    }

    /** A repair re-reads its partition up to the committed marker; the window's lower bound only has to be valid. */
    private Command startRepairTask(TaskRecord task, TableState state, Instant now) {
        Instant upper = state.marker().orElse(task.target);
        Instant partitionStart = catalog.get(task.tableId).partition().startOf(task.partition);
        Instant lower = partitionStart.isBefore(upper) ? partitionStart : upper.minusSeconds(1);
        Instant earliest = upper.minus(config.maxWindow());
        task.windowLower = lower.isBefore(earliest) ? earliest : lower;
        task.windowUpper = upper;
        return markSent(task, now);
    }

    private Command markSent(TaskRecord task, Instant now) {
        task.attempts++;
        task.status = TaskStatus.SENT;
        task.sentAt = now;
        if (task.firstSentAt == null) {
            task.firstSentAt = now;
        }
        task.deadlineAt = now.plus(decisions.timeout(task));
        task.nextAttemptAt = null;
        if (task.attempts > 1) {
            metrics.retried(task);
        }
        return command(task, now);
    }

    static Command command(TaskRecord task, Instant now) {
        if (task.kind == TaskKind.MAINTENANCE) {
            Map<String, String> options = task.dryRun ? Map.of(MaintenanceOptions.DRY_RUN, "true") : Map.of();
            return new MaintenanceCommand(task.commandId, task.runId, task.tableId, task.attempts, task.action,
                    task.partitionList(), options, now);
        }
        if (task.kind == TaskKind.AUDIT) {
            Optional<TimeRange> range = task.rangeFrom == null ? Optional.empty()
                    : Optional.of(new TimeRange(task.rangeFrom, task.rangeTo));
            return new AuditCommand(task.commandId, task.runId, task.tableId, task.attempts, task.partitionList(),
                    range, Optional.ofNullable(task.coldSnapshot), now);
        }
        return new OffloadCommand(task.commandId, task.runId, task.tableId, task.attempts,
                new Window(task.windowLower, task.windowUpper), task.offloadKind, Optional.ofNullable(task.partition),
                now);
    }

    private void send(Command command) {
        try {
            publisher.send(command);
            LOG.infof("sent %s command %s for %s (run %s, attempt %d)%s", command.kind(), command.commandId(),
                    command.table(), command.runId(), command.attempt(),
                    command instanceof OffloadCommand o ? ": window " + o.window()
                            : command instanceof MaintenanceCommand m ? ": " + m.action() + " " + m.partitions()
                            + (m.options().isEmpty() ? "" : " " + m.options()) : "");
        } catch (RuntimeException e) {
            // Not on the broker: this attempt did not happen. Try again after the first backoff.
            LOG.warnf("could not send command %s for %s, trying again in %s: %s", command.commandId(), command.table(),
                    retries.backoff(1), e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> TaskRecord.byCommandId(command.commandId()).ifPresent(task -> {
                if (task.status == TaskStatus.SENT && task.attempts == command.attempt()) {
                    task.attempts--;
                    task.status = TaskStatus.RETRY_WAIT;
                    task.nextAttemptAt = clock.instant().plus(retries.backoff(1));
                    task.errorType = ErrorTypes.BROKER_UNAVAILABLE;
                    task.errorMessage = "command could not be published: " + e.getMessage();
                }
            }));
        }
    }

    void fail(TaskRecord task, Instant now) {
        task.status = TaskStatus.FAILED;
        task.finishedAt = now;
        task.deadlineAt = null;
        task.nextAttemptAt = null;
        metrics.taskFinished(task);
    }

    /**
     * Ends every running run whose offload tasks are all finished (the audits they started go on without them), and
     * every audit run whose audit has been answered (for an audit run the audit is the run); returns their summaries
     * to publish.
     */
    private List<RunCompleted> finishRuns(Instant now) {
        List<RunCompleted> summaries = new ArrayList<>();
        for (RunRecord run : RunRecord.running()) {
            List<TaskRecord> tasks = TaskRecord.ofRun(run.runId);
            Optional<RunStatus> end = decisions.end(run, tasks, now);
            if (end.isPresent()) {
                RunCompleted summary = RunSummaries.of(run, tasks, this::markerOf, now);
                run.status = end.get();
                run.note = RunSummaries.note(run, tasks).orElse(null);
                run.finishedAt = now;
                metrics.runFinished(run);
                LOG.infof("run %s %s in %d ms", run.runId, run.status, summary.duration().toMillis());
            }
        }
        for (RunRecord run : RunRecord.unpublished()) {
            summaries.add(RunSummaries.of(run, TaskRecord.ofRun(run.runId), this::markerOf, run.finishedAt));
        }
        return summaries;
    }

    private Optional<Instant> markerOf(String tableId) {
        TableState state = TableState.findById(tableId);
        return state == null ? Optional.empty() : state.marker();
    }

    private void publishSummary(RunCompleted summary) {
        try {
            publisher.publish(summary);
            QuarkusTransaction.requiringNew().run(() -> {
                RunRecord run = RunRecord.findById(summary.runId());
                if (run != null) {
                    run.summaryPublished = true;
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the summary of run %s, trying again later: %s", summary.runId(), e.getMessage());
        }
    }

    private void publishQuietly(TaskFailed event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the timeout of command %s: %s", event.commandId(), e.getMessage());
        }
    }
}
