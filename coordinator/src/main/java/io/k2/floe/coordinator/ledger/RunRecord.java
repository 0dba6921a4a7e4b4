package io.k2.floe.coordinator.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One run of the coordinator (table {@code runs}). */
@Entity
@Table(name = "runs")
public class RunRecord extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Enumerated(EnumType.STRING)
    public RunKind kind;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    /** The run's upper bound on the ordering column: now minus the settle lag when it started. */
    public Instant cut;

    @Column(name = "table_id")
    public String tableId;

    /** BACKFILL: the requested range of ingestion time; AUDIT: the event-time range {@code [from, to)} audited. */
    @Column(name = "range_from")
    public Instant rangeFrom;

    @Column(name = "range_to")
    public Instant rangeTo;

    @Column(name = "partition_label")
    public String partition;

    /** AUDIT: the partitions to audit, comma-separated (or none when a range was asked for). */
    public String partitions;

    /** AUDIT: the cold snapshot asked for; null for the current one. */
    @Column(name = "cold_snapshot")
    public Long coldSnapshot;

    /** How the run ended, when there is more to say than its status: AUDIT the verdict. */
    public String note;

    /** MAINTENANCE: what started it (SCHEDULED, MANUAL or THRESHOLD). */
    @Column(name = "trigger_kind")
    public String trigger;

    /** MAINTENANCE: the actions asked for, comma-separated. */
    public String actions;

    /** MAINTENANCE: every step is sent as a dry run (nothing changes, nothing is audited or dropped). */
    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "summary_published")
    public boolean summaryPublished;

    public List<String> partitionList() {
        return partitions == null || partitions.isBlank() ? List.of() : Arrays.asList(partitions.split(","));
    }

    /** MAINTENANCE: the actions asked for. */
    public List<String> actionList() {
        return actions == null || actions.isBlank() ? List.of() : Arrays.asList(actions.split(","));
    }

    public static List<RunRecord> running() {
        return list("status", RunStatus.RUNNING);
    }

    /** The newest runs first. */
    public static List<RunRecord> latest(int limit) {
        return find("order by startedAt desc").page(0, limit).list();
    }

    public static List<RunRecord> unpublished() {
        return list("status <> ?1 and summaryPublished = false", RunStatus.RUNNING);
    }
}
