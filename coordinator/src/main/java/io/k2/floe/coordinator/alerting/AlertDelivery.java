package io.k2.floe.coordinator.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Hands alerts to Alertmanager and counts what happened: {@code floe_alerting_alerts_sent_total{via,state}} (alerts
 * Alertmanager accepted; {@code via} = {@code event} or {@code resend}, {@code state} = {@code firing} or
 * {@code resolved}) and {@code floe_alerting_posts_failed_total{via,reason}} (posts it did not take: {@code unavailable}
 * or {@code rejected}).
 */
@ApplicationScoped
public class AlertDelivery {

    private static final Logger LOG = Logger.getLogger(AlertDelivery.class);
    static final String VIA_EVENT = "event";
    static final String VIA_RESEND = "resend";

    private final AlertmanagerClient client;
    private final MeterRegistry registry;
    private final Duration backoff;
    private final Duration backoffMax;

    public AlertDelivery(AlertmanagerClient client, MeterRegistry registry, AlertmanagerConfig config) {
        this.client = client;
        this.registry = registry;
        this.backoff = config.retryBackoff();
        this.backoffMax = config.retryBackoffMax();
        // Registered up front, so that rate() and the dashboard see zeros rather than missing series.
        for (String via : List.of(VIA_EVENT, VIA_RESEND)) {
            sent(via, "firing");
            sent(via, "resolved");
            failed(via, "unavailable");
            failed(via, "rejected");
        }
    }

    void announce(@Observes StartupEvent start) {
        if (client.enabled()) {
            LOG.infof("forwarding alerts to Alertmanager at %s", client.target());
        } else {
            LOG.info("alert forwarding to Alertmanager is off (floe.coordinator.alertmanager.url is not set)");
        }
    }

    public boolean enabled() {
        return client.enabled();
    }

    /**
     * Sends until Alertmanager accepts, waiting with doubling backoff between attempts: an alert is never dropped because
     * Alertmanager is down. Returns false only when Alertmanager rejected the alerts as invalid (logged and counted), which
     * no retry would change.
     *
     * @throws InterruptedException the coordinator is stopping: the alerts were not delivered (the caller must not
     *                              acknowledge them)
     */
    public boolean sendUntilAccepted(List<AlertmanagerAlert> alerts, String what) throws InterruptedException {
        long waitMs = backoff.toMillis();
        while (true) {
            try {
                post(alerts, VIA_EVENT);
                return true;
            } catch (AlertmanagerClient.Rejected e) {
                LOG.errorf("Alertmanager rejected %s; passed over: %s", what, e.getMessage());
                return false;
            } catch (AlertmanagerClient.Unavailable e) {
                LOG.warnf("could not deliver %s, trying again in %d ms: %s", what, waitMs, e.getMessage());
                Thread.sleep(waitMs);
                waitMs = Math.min(waitMs * 2, backoffMax.toMillis());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopping while " + what + " was not delivered");
            }
        }
    }

    /** One attempt (the next resend is the retry); returns whether Alertmanager accepted. */
    public boolean sendOnce(List<AlertmanagerAlert> alerts, String what) {
        try {
            post(alerts, VIA_RESEND);
            return true;
        } catch (AlertmanagerClient.Rejected | AlertmanagerClient.Unavailable e) {
            LOG.warnf("could not resend %s (next attempt at the next resend): %s", what, e.getMessage());
            return false;
        }
    }

    private void post(List<AlertmanagerAlert> alerts, String via)
            throws AlertmanagerClient.Unavailable, AlertmanagerClient.Rejected {
        try {
            client.post(alerts);
        } catch (AlertmanagerClient.Unavailable e) {
            failed(via, "unavailable").increment();
            throw e;
        } catch (AlertmanagerClient.Rejected e) {
            failed(via, "rejected").increment();
            throw e;
        }
        Instant now = Instant.now();
        long resolved = alerts.stream().filter(a -> a.resolvedAt(now)).count();
        sent(via, "resolved").increment(resolved);
        sent(via, "firing").increment(alerts.size() - resolved);
    }

    private Counter sent(String via, String state) {
        return registry.counter("floe.alerting.alerts.sent", "via", via, "state", state);
    }

    private Counter failed(String via, String reason) {
        return registry.counter("floe.alerting.posts.failed", "via", via, "reason", reason);
    }
}
