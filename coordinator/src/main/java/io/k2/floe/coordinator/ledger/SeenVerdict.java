package io.k2.floe.coordinator.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest audit verdict the coordinator has seen for one partition of one table (table {@code seen_verdicts}),
 * from any {@code audit.completed} event. Retention uses it to skip an audit when an equal verdict at the current
 * cold snapshot is known, and to tell whether a gold partition a silver day feeds is verified; the maintenance
 * worker re-checks the auditor's own verdict store before dropping anything, so this is never the proof itself.
 */
@Entity
@Table(name = "seen_verdicts")
@IdClass(SeenVerdict.Key.class)
public class SeenVerdict extends PanacheEntityBase {

    @Id
    @Column(name = "table_id")
    public String tableId;

    @Id
    @Column(name = "partition_label")
    public String partition;

    public boolean equal;

    /** The cold snapshot audited (null when the auditor did not say). */
    @Column(name = "cold_snapshot")
    public Long coldSnapshot;

    @Column(name = "audited_at")
    public Instant auditedAt;

    public static Optional<SeenVerdict> of(String tableId, String partition) {
        return Optional.ofNullable(findById(new Key(tableId, partition)));
    }

    /** Keeps the verdict unless a later one is already there (a late answer does not overwrite a newer verdict). */
    public static void record(String tableId, String partition, boolean equal, Long coldSnapshot, Instant at) {
        SeenVerdict seen = findById(new Key(tableId, partition));
        if (seen == null) {
            seen = new SeenVerdict();
            seen.tableId = tableId;
            seen.partition = partition;
        } else if (seen.auditedAt != null && seen.auditedAt.isAfter(at)) {
            return;
        }
        seen.equal = equal;
        seen.coldSnapshot = coldSnapshot;
        seen.auditedAt = at;
        seen.persist();
    }

    /** The composite primary key. */
    public static class Key implements Serializable {

        public String tableId;
        public String partition;

        public Key() {
        }

        public Key(String tableId, String partition) {
            this.tableId = tableId;
            this.partition = partition;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tableId, k.tableId) && Objects.equals(partition, k.partition);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tableId, partition);
        }
    }
}
