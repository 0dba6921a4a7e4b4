package io.k2.floe.coordinator.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sends the ledger's open alerts to Alertmanager again every {@code resend-interval}, each with an end time
 * {@code alert-lifetime} ahead, and the alerts resolved within {@code resolved-resend-window} as resolved. The ledger is
 * the truth about which alerts are open: this keeps an open alert from expiring in Alertmanager, restores the alerts of
 * an Alertmanager that restarted (it keeps no alerts on disk), delivers an alert whose event was never published (the
 * broker was down when it was raised: the ledger still has it), and ends an alert whose resolution event never arrived.
 */
@ApplicationScoped
public class OpenAlertsResender {

    private static final Logger LOG = Logger.getLogger(OpenAlertsResender.class);
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };
    /** Alertmanager takes large arrays, but one post should stay a modest request. */
    private static final int BATCH = 200;

    private final AlertDelivery delivery;
    private final AlertmanagerAlerts alerts;
    private final ObjectMapper json;
    private final String source;
    private final Duration resolvedWindow;

    public OpenAlertsResender(AlertDelivery delivery, AlertmanagerAlerts alerts, ObjectMapper json,
                              CoordinatorConfig coordinator, AlertmanagerConfig config) {
        this.delivery = delivery;
        this.alerts = alerts;
        this.json = json;
        this.source = coordinator.eventSource();
        this.resolvedWindow = config.resolvedResendWindow();
    }

    @Scheduled(identity = "floe-alert-resend", every = "${floe.coordinator.alertmanager.resend-interval:1m}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resend() {
        if (!delivery.enabled()) {
            return;
        }
        Instant now = Instant.now();
        List<FloeAlert> current;
        try {
            current = QuarkusTransaction.requiringNew().call(() -> AlertRecord
                    .<AlertRecord>list("resolvedAt is null or resolvedAt >= ?1", now.minus(resolvedWindow)).stream()
                    .map(record -> FloeAlert.of(record, labels(record.labels), source)).toList());
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the open alerts from the ledger (next attempt at the next resend): %s", e.getMessage());
            return;
        }
        List<AlertmanagerAlert> toSend = current.stream().map(alert -> alerts.of(alert, now)).toList();
        for (int from = 0; from < toSend.size(); from += BATCH) {
            List<AlertmanagerAlert> batch = toSend.subList(from, Math.min(toSend.size(), from + BATCH));
            if (!delivery.sendOnce(batch, batch.size() + " alerts of the ledger")) {
                return;
            }
        }
    }

    private Map<String, String> labels(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, LABELS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
