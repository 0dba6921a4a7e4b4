package io.k2.floe.coordinator.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/** A catalog table as the coordinator sees it: committed marker, pause, failures in a row (table {@code table_states}). */
@Entity
@Table(name = "table_states")
public class TableState extends PanacheEntityBase {

    @Id
    @Column(name = "table_id")
    public String tableId;

    @Column(name = "marker_lower")
    public Instant markerLower;

    /** The committed marker: every row with an ordering value up to here is in the cold table. */
    @Column(name = "marker_upper")
    public Instant markerUpper;

    @Column(name = "marker_command_id")
    public String markerCommandId;

    @Column(name = "marker_run_id")
    public String markerRunId;

    @Column(name = "marker_snapshot_id")
    public Long markerSnapshotId;

    /** Rows in the cold table at the marker's snapshot (Iceberg's {@code total-records}). */
    @Column(name = "cold_rows")
    public Long coldRows;

    @Column(name = "marker_advanced_at")
    public Instant markerAdvancedAt;

    public boolean paused;

    @Column(name = "paused_at")
    public Instant pausedAt;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    @Column(name = "last_error_type")
    public String lastErrorType;

    @Column(name = "last_run_id")
    public String lastRunId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The row of {@code tableId}, created (no marker, not paused) if missing — e.g. after the ledger was emptied. Two
     * threads may ask for a missing row at once (a marker reconciliation and an API request): the row is created with
     * an insert that does nothing when the other one got there first, so neither fails on the duplicate key.
     */
    public static TableState of(String tableId, Instant now) {
        TableState state = findById(tableId);
        if (state == null) {
            getEntityManager().createNativeQuery("INSERT INTO {h-schema}table_states (table_id, updated_at)"
                            + " VALUES (?1, ?2) ON CONFLICT (table_id) DO NOTHING")
                    .setParameter(1, tableId).setParameter(2, now).executeUpdate();
            state = findById(tableId);
        }
        return state;
    }

    public Optional<Instant> marker() {
        return Optional.ofNullable(markerUpper);
    }
}
