package io.k2.floe.coordinator.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.TaskKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API shows of the ledger, each answer read in one transaction, and the pause switch it flips. Reads only
 * the ledger (PostgreSQL): the cold tier is the engine's business, and its markers reach the ledger through
 * reconciliation.
 */
@ApplicationScoped
public class LedgerViews {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final TableCatalog catalog;
    private final ObjectMapper json;

    public LedgerViews(TableCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    // --- runs --------------------------------------------------------------------------------------------------------

    /** The newest runs first. */
    public List<RunView> latestRuns(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunRecord> runs = RunRecord.latest(limit);
            Map<String, Map<TaskStatus, Long>> counts = taskCounts(runs.stream().map(r -> r.runId).toList());
            return runs.stream().map(r -> RunView.of(r, counts.getOrDefault(r.runId, Map.of()))).toList();
        });
    }

    public Optional<RunView> run(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(RunRecord.<RunRecord>findById(runId))
                .map(r -> RunView.of(r, taskCounts(List.of(runId)).getOrDefault(runId, Map.of()))));
    }

    public Optional<RunDetail> runWithTasks(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RunRecord run = RunRecord.findById(runId);
            if (run == null) {
                return Optional.empty();
            }
            List<TaskRecord> tasks = TaskRecord.ofRun(runId);
            Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
            tasks.forEach(t -> counts.merge(t.status, 1L, Long::sum));
            return Optional.of(new RunDetail(RunView.of(run, counts), tasks.stream().map(TaskView::of).toList()));
        });
    }

    /**
     * The table's maintenance runs, newest first, each with the table's steps only (a run of every table holds the
     * others' too; GET /api/runs/{runId} shows them all).
     */
    public List<RunDetail> maintenanceHistory(String tableId, int limit) {
        catalog.get(tableId);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunRecord> runs = RunRecord.getEntityManager().createQuery("select r from RunRecord r where r.kind = :kind"
                            + " and exists (select t.taskId from TaskRecord t where t.runId = r.runId and t.tableId = :table)"
                            + " order by r.startedAt desc, r.runId desc", RunRecord.class)
                    .setParameter("kind", io.k2.floe.coordinator.ledger.RunKind.MAINTENANCE)
                    .setParameter("table", tableId)
                    .setMaxResults(limit)
                    .getResultList();
            List<RunDetail> details = new ArrayList<>();
            for (RunRecord run : runs) {
                List<TaskRecord> tasks = TaskRecord.ofRun(run.runId).stream().filter(t -> t.tableId.equals(tableId))
                        .toList();
                Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
                tasks.forEach(t -> counts.merge(t.status, 1L, Long::sum));
                details.add(new RunDetail(RunView.of(run, counts), tasks.stream().map(TaskView::of).toList()));
            }
            return details;
        });
    }

    private static Map<String, Map<TaskStatus, Long>> taskCounts(List<String> runIds) {
        Map<String, Map<TaskStatus, Long>> counts = new HashMap<>();
        if (runIds.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = TaskRecord.getEntityManager()
                .createQuery("select t.runId, t.status, count(t) from TaskRecord t where t.runId in :ids"
                        + " group by t.runId, t.status", Object[].class)
                .setParameter("ids", runIds)
                .getResultList();
        for (Object[] row : rows) {
            counts.computeIfAbsent((String) row[0], id -> new EnumMap<>(TaskStatus.class))
                    .put((TaskStatus) row[1], ((Number) row[2]).longValue());
        }
        return counts;
    }

    // --- tables ------------------------------------------------------------------------------------------------------

    /** Every catalog table, in the catalog's (dependency) order. */
    public List<TableView> tables() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            List<TableView> views = new ArrayList<>();
            for (CatalogTable table : catalog.tables()) {
                views.add(view(table, TableState.findById(table.id()), now));
            }
            return views;
        });
    }

    /** Rows of the table's warm partitions that warm retention dropped (the cold tier still holds them). */
    public long warmRowsDropped(String tableId) {
        return QuarkusTransaction.requiringNew().call(() -> TaskRecord.warmRowsDropped(tableId));
    }

    /** @throws io.k2.floe.tiering.catalog.UnknownTableException for a table the catalog does not hold */
    public TableView table(String tableId) {
        CatalogTable table = catalog.get(tableId);
        return QuarkusTransaction.requiringNew().call(() -> view(table, TableState.findById(tableId), Instant.now()));
    }

    /**
     * Pauses or resumes the table; doing it twice is doing it once (a paused table keeps the time it was paused).
     *
     * @throws io.k2.floe.tiering.catalog.UnknownTableException for a table the catalog does not hold
     */
    public TableView setPaused(String tableId, boolean paused) {
        CatalogTable table = catalog.get(tableId);
        return QuarkusTransaction.requiringNew().call(() -> {
            // as PostgreSQL keeps it, so that the answer shows what a later read shows
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            TableState state = TableState.of(tableId, now);
            if (state.paused != paused) {
                state.paused = paused;
                state.pausedAt = paused ? now : null;
                state.updatedAt = now;
            }
            return view(table, state, now);
        });
    }

    private TableView view(CatalogTable table, TableState state, Instant now) {
        Optional<Instant> marker = state == null ? Optional.empty() : state.marker();
        return new TableView(table.id(), table.layer(), table.dependsOn(), table.warmTable(), table.coldTable(),
                table.partition().toString(), marker.orElse(null),
                marker.map(m -> Duration.between(m, now).toSeconds()).orElse(null),
                state == null || marker.isEmpty() ? null : state.coldRows, null, null, null, null,
                state == null ? null : state.markerAdvancedAt,
                state != null && state.paused, state == null ? null : state.pausedAt,
                state == null ? 0 : state.consecutiveFailures, state == null ? null : state.lastErrorType,
                lastRun(table.id()).orElse(null),
                AlertRecord.<AlertRecord>list("resolvedAt is null and tableId = ?1 order by raisedAt desc", table.id())
                        .stream().map(this::alert).toList());
    }

    /** The newest run holding an offload task of the table, and the table's outcome in it. */
    private static Optional<TableView.LastRun> lastRun(String tableId) {
        Optional<TaskRecord> newest = TaskRecord.find("tableId = ?1 and kind = ?2 order by createdAt desc, taskId desc",
                tableId, TaskKind.OFFLOAD).firstResultOptional();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = RunRecord.findById(newest.get().runId);
        if (run == null) {
            return Optional.empty();
        }
        List<TaskRecord> own = TaskRecord.<TaskRecord>list("runId = ?1 and tableId = ?2 and kind = ?3", run.runId,
                tableId, TaskKind.OFFLOAD);
        String outcome;
        if (own.stream().anyMatch(t -> !t.status.finished())) {
            outcome = "RUNNING";
        } else if (own.stream().anyMatch(t -> t.status == TaskStatus.FAILED)) {
            outcome = "FAILED";
        } else if (own.stream().allMatch(t -> t.status == TaskStatus.SKIPPED)) {
            outcome = "SKIPPED";
        } else {
            outcome = "SUCCEEDED";
        }
        return Optional.of(new TableView.LastRun(run.runId, run.kind, outcome, run.startedAt, run.finishedAt));
    }

    // --- alerts ------------------------------------------------------------------------------------------------------

    /**
     * One page of alerts newest first: all, only the active ones, or only the resolved ones. The alert id breaks ties
     * of raisedAt, so that pages neither overlap nor skip an alert while the list does not change.
     */
    public AlertPage alerts(Optional<Boolean> active, int offset, int limit) {
        return alertPage(active, Optional.empty(), offset, limit);
    }

    /**
     * The page of alerts that follows {@code cursor} in the list's order (a keyset page: alerts raised, resolved or
     * raised again meanwhile move no other alert across the cursor).
     */
    public AlertPage alertsAfter(Optional<Boolean> active, AlertCursor cursor, int limit) {
        return alertPage(active, Optional.of(cursor), 0, limit);
    }

    private AlertPage alertPage(Optional<Boolean> active, Optional<AlertCursor> after, int offset, int limit) {
        List<String> conditions = new ArrayList<>();
        active.ifPresent(only -> conditions.add(only ? "resolvedAt is null" : "resolvedAt is not null"));
        Map<String, Object> parameters = new HashMap<>();
        after.ifPresent(cursor -> {
            conditions.add("(raisedAt < :raisedAt or (raisedAt = :raisedAt and alertId < :alertId))");
            parameters.put("raisedAt", cursor.raisedAt());
            parameters.put("alertId", cursor.alertId());
        });
        String query = (conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ")
                + "order by raisedAt desc, alertId desc";
        return QuarkusTransaction.requiringNew().call(() -> {
            // one row more than asked for says whether there is a next page, without counting the table
            List<AlertRecord> alerts = AlertRecord.find(query, parameters).range(offset, offset + limit).list();
            boolean more = alerts.size() > limit;
            return new AlertPage(alerts.stream().limit(limit).map(this::alert).toList(), more);
        });
    }

    /** A page of alerts, and whether more follow it. */
    public record AlertPage(List<AlertView> alerts, boolean more) {
    }

    private AlertView alert(AlertRecord alert) {
        Map<String, String> labels;
        try {
            labels = alert.labels == null || alert.labels.isBlank() ? Map.of() : json.readValue(alert.labels, LABELS);
        } catch (Exception e) {
            labels = Map.of("unreadable", alert.labels);
        }
        return AlertView.of(alert, labels);
    }
}
