package io.k2.floe.coordinator.ledger;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** An alert the coordinator raised, active until resolved (table {@code alerts}). */
@Entity
@Table(name = "alerts")
public class AlertRecord extends PanacheEntityBase {

    @Id
    @Column(name = "alert_id")
    public String alertId;

    public String name;

    public String severity;

    @Column(name = "table_id")
    public String tableId;

    public String message;

    /** JSON object of strings. */
    public String labels;

    @Column(name = "raised_at")
    public Instant raisedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public boolean active() {
        return resolvedAt == null;
    }

    public static List<AlertRecord> activeAlerts() {
        return list("resolvedAt is null order by raisedAt");
    }
}
