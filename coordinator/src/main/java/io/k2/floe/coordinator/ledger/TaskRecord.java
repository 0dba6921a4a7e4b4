package io.k2.floe.coordinator.ledger;

import io.k2.floe.coordinator.maintenance.MaintenanceStep;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.TaskKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One task of a run: a command to a worker, with every attempt's outcome (table {@code tasks}). */
@Entity
@Table(name = "tasks")
public class TaskRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "task_id")
    public Long taskId;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "table_id")
    public String tableId;

    @Enumerated(EnumType.STRING)
    public TaskKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "offload_kind")
    public OffloadKind offloadKind;

    public int seq;

    @Column(name = "command_id")
    public String commandId;

    @Enumerated(EnumType.STRING)
    public TaskStatus status;

    /** OFFLOAD: where this run wants the table's marker to be. */
    public Instant target;

    @Column(name = "window_lower")
    public Instant windowLower;

    @Column(name = "window_upper")
    public Instant windowUpper;

    @Column(name = "partition_label")
    public String partition;

    /** Partition labels, comma-separated: AUDIT the ones to audit, OFFLOAD the ones the window wrote. */
    public String partitions;

    @Column(name = "cold_snapshot")
    public Long coldSnapshot;

    /** AUDIT of a range: the event-time range {@code [rangeFrom, rangeTo)} of the table's time column. */
    @Column(name = "range_from")
    public Instant rangeFrom;

    @Column(name = "range_to")
    public Instant rangeTo;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "first_sent_at")
    public Instant firstSentAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "rows_written")
    public long rows;

    @Column(name = "bytes_written")
    public long bytes;

    @Column(name = "data_files")
    public int dataFiles;

    @Column(name = "duration_ms")
    public long durationMs;

    public boolean repeat;

    @Column(name = "error_type")
    public String errorType;

    @Column(name = "error_message")
    public String errorMessage;

    public String note;

    /** The maintenance step this task is (null outside maintenance runs). */
    @Enumerated(EnumType.STRING)
    public MaintenanceStep step;

    /** MAINTENANCE: the command's action. */
    @Enumerated(EnumType.STRING)
    public MaintenanceAction action;

    /** MAINTENANCE: sent as a dry run. */
    @Column(name = "dry_run")
    public boolean dryRun;

    /** MAINTENANCE: the completed event's counters, as a JSON object. */
    public String results;

    /** What the step left alone on purpose, as a JSON object partition → reason. */
    public String refused;

    /** Retention audit: the partitions known or found equal, comma-separated (the drop step asks for these). */
    @Column(name = "equal_partitions")
    public String equalPartitions;

    public static Optional<TaskRecord> byCommandId(String commandId) {
        return find("commandId", commandId).firstResultOptional();
    }

    public static List<TaskRecord> ofRun(String runId) {
        return list("runId = ?1 order by seq, taskId", runId);
    }

    /** Tasks not finished yet, oldest first. */
    public static List<TaskRecord> open() {
        return list("status in ?1 order by taskId",
                List.of(TaskStatus.WAITING, TaskStatus.SENT, TaskStatus.RETRY_WAIT));
    }

    /** An offload task of {@code tableId} with a command out or due again, in any run. */
    public static boolean offloadInFlight(String tableId) {
        return count("tableId = ?1 and kind = ?2 and status in ?3", tableId, TaskKind.OFFLOAD,
                List.of(TaskStatus.SENT, TaskStatus.RETRY_WAIT)) > 0;
    }

    /** The latest finished offload task of a table. */
    public static Optional<TaskRecord> lastFinishedOffload(String tableId) {
        return find("tableId = ?1 and kind = ?2 and status in ?3 order by finishedAt desc", tableId, TaskKind.OFFLOAD,
                List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED)).firstResultOptional();
    }

    /**
     * Rows of the table's warm partitions that warm retention dropped (the {@code droppedRows} of every successful
     * drop step that was not a dry run): the cold table still holds them, the warm tier no longer does.
     */
    public static long warmRowsDropped(String tableId) {
        List<TaskRecord> drops = list("tableId = ?1 and action = ?2 and status = ?3 and dryRun = false", tableId,
                MaintenanceAction.DROP_WARM_PARTITIONS, TaskStatus.SUCCEEDED);
        return drops.stream().mapToLong(t -> JsonMaps.counts(t.results).getOrDefault("droppedRows", 0L)).sum();
    }

    /** Whether a maintenance step of the table is waiting, out or due again, in any run. */
    public static boolean maintenanceOpen(String tableId) {
        return count("tableId = ?1 and step is not null and status in ?2", tableId,
                List.of(TaskStatus.WAITING, TaskStatus.SENT, TaskStatus.RETRY_WAIT)) > 0;
    }

    /** The maintenance run of the table with a step not finished yet, if any. */
    public static Optional<String> openMaintenanceRun(String tableId) {
        return find("tableId = ?1 and step is not null and status in ?2 order by taskId", tableId,
                List.of(TaskStatus.WAITING, TaskStatus.SENT, TaskStatus.RETRY_WAIT)).<TaskRecord>firstResultOptional()
                .map(t -> t.runId);
    }

    /** Another maintenance command of the table is out or due again (the one maintenance-vs-maintenance rule). */
    public boolean otherMaintenanceInFlight() {
        return count("tableId = ?1 and kind = ?2 and status in ?3 and taskId <> ?4", tableId, TaskKind.MAINTENANCE,
                List.of(TaskStatus.SENT, TaskStatus.RETRY_WAIT), taskId) > 0;
    }

    public List<String> equalPartitionList() {
        return equalPartitions == null || equalPartitions.isBlank() ? List.of()
                : Arrays.asList(equalPartitions.split(","));
    }

    public List<String> partitionList() {
        return partitions == null || partitions.isBlank() ? List.of() : Arrays.asList(partitions.split(","));
    }

    public boolean isOffload() {
        return kind == TaskKind.OFFLOAD;
    }
}
