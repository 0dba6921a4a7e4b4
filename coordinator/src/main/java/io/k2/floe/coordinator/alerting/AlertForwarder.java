package io.k2.floe.coordinator.alerting;

import io.k2.floe.tiering.broker.RecordOrigin;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.CloudEvent;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Forwards the {@code alert.raised} and {@code alert.resolved} events of {@code floe.events} to Alertmanager, in their
 * own consumer group ({@code FLOE_ALERTING_GROUP}, default {@code floe-alerting}), so that alerting reads the events as
 * any other consumer would and keeps its own place in them. An event is acknowledged (its offset committed) only after
 * Alertmanager accepted the alert; while Alertmanager is unreachable the forwarder waits and tries again, in order. After
 * a restart the group resumes from its last committed offset: events not yet acknowledged are sent again, which
 * Alertmanager takes as an update of the same alert (it identifies an alert by its label set), not a second alert.
 * Other events, and events that cannot be decoded (the coordinator's event listener dead-letters those), are passed
 * over. While no Alertmanager is configured every event is passed over.
 */
@ApplicationScoped
public class AlertForwarder {

    private static final Logger LOG = Logger.getLogger(AlertForwarder.class);

    private final MessageCodec codec;
    private final AlertmanagerAlerts alerts;
    private final AlertDelivery delivery;

    public AlertForwarder(MessageCodec codec, AlertmanagerAlerts alerts, AlertDelivery delivery) {
        this.codec = codec;
        this.alerts = alerts;
        this.delivery = delivery;
    }

    @Incoming("alerting")
    @Blocking(ordered = true)
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        if (!delivery.enabled()) {
            return message.ack();
        }
        CloudEvent<Event> envelope;
        try {
            envelope = codec.decodeEventEnvelope(new String(message.getPayload(), StandardCharsets.UTF_8));
        } catch (MalformedMessageException | RuntimeException e) {
            return message.ack();
        }
        Instant now = Instant.now();
        FloeAlert alert = switch (envelope.data()) {
            case AlertRaised raised -> FloeAlert.raised(envelope, raised);
            case AlertResolved resolved -> FloeAlert.resolved(envelope, resolved, now);
            default -> null;
        };
        if (alert == null) {
            return message.ack();
        }
        String what = (alert.resolvedAt().isPresent() ? "the resolution of " : "") + "alert " + alert.alertId()
                + " (event at " + RecordOrigin.of(message) + ")";
        try {
            delivery.sendUntilAccepted(List.of(alerts.of(alert, now)), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("stopping before %s was delivered; it is sent again after the restart", what);
            return message.nack(e);
        }
        return message.ack();
    }
}
