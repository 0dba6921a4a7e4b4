package io.k2.floe.coordinator.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.dispatch.Publisher;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Raises and resolves alerts: each is kept in the ledger (table {@code alerts}) and published as an
 * {@code alert.raised} / {@code alert.resolved} event for alerting. A condition raises its alert once, however often
 * it is seen, and resolves it once; the alert id ({@code <name>/<table>[/<partition>]}) pairs them up.
 */
@ApplicationScoped
public class AlertBook {

    private static final Logger LOG = Logger.getLogger(AlertBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Publisher publisher;
    private final MeterRegistry registry;

    public AlertBook(Publisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    /** Raises the alert unless it is already active. Publishing failures are logged; the ledger keeps the alert. */
    public void raise(String alertId, String name, Severity severity, Optional<String> table, String message,
                      Map<String, String> labels) {
        boolean raised = QuarkusTransaction.requiringNew().call(() -> {
            AlertRecord alert = AlertRecord.findById(alertId);
            if (alert != null && alert.active()) {
                return false;
            }
            if (alert == null) {
                alert = new AlertRecord();
                alert.alertId = alertId;
            }
            alert.name = name;
            alert.severity = severity.name();
            alert.tableId = table.orElse(null);
            alert.message = message;
            alert.labels = json(labels);
            alert.raisedAt = Instant.now();
            alert.resolvedAt = null;
            alert.persist();
            return true;
        });
        if (raised) {
            registry.counter("floe.alerts.raised", "name", name).increment();
            LOG.warnf("alert raised %s: %s", alertId, message);
            publish(() -> publisher.publish(new AlertRaised(alertId, name, severity, table, message, labels)), alertId);
        }
    }

    /** Resolves the alert if it is active. */
    public void resolve(String alertId, String message) {
        AlertRecord resolved = QuarkusTransaction.requiringNew().call(() -> {
            AlertRecord alert = AlertRecord.findById(alertId);
            if (alert == null || !alert.active()) {
                return null;
            }
            alert.resolvedAt = Instant.now();
            return alert;
        });
        if (resolved != null) {
            registry.counter("floe.alerts.resolved", "name", resolved.name).increment();
            LOG.infof("alert resolved %s: %s", alertId, message);
            publish(() -> publisher.publish(new AlertResolved(alertId, resolved.name, Severity.valueOf(resolved.severity),
                    Optional.ofNullable(resolved.tableId), message, labels(resolved.labels))), alertId);
        }
    }

    public boolean isActive(String alertId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            AlertRecord alert = AlertRecord.findById(alertId);
            return alert != null && alert.active();
        });
    }

    private static void publish(Runnable send, String alertId) {
        try {
            send.run();
        } catch (RuntimeException e) {
            LOG.errorf("could not publish the event of alert %s (it is in the ledger): %s", alertId, e.getMessage());
        }
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
