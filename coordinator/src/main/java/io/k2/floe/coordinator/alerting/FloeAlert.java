package io.k2.floe.coordinator.alerting;

import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.CloudEvent;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One of Floe's alerts as alerting needs it, whether it came as an event or from the ledger.
 *
 * @param alertId    Floe's id of the condition ({@code <name>/<table>[/<partition>]}), which pairs raised and resolved
 * @param name       alert name, e.g. {@code OffloadFailing}
 * @param severity   {@code CRITICAL}, {@code WARNING} or {@code INFO}
 * @param table      the table concerned, if one is
 * @param message    what is wrong (or why it is resolved), for people
 * @param labels     the event's extra dimensions, e.g. {@code partition}
 * @param source     who raised it (CloudEvents {@code source}, e.g. {@code /floe/coordinator})
 * @param raisedAt   when it was raised, if known
 * @param resolvedAt when it was resolved; empty while it is open
 */
public record FloeAlert(String alertId, String name, String severity, Optional<String> table, String message,
                        Map<String, String> labels, String source, Optional<Instant> raisedAt,
                        Optional<Instant> resolvedAt) {

    /** An {@code alert.raised} event: open, raised when the event was sent. */
    public static FloeAlert raised(CloudEvent<?> envelope, AlertRaised raised) {
        return new FloeAlert(raised.alertId(), raised.name(), raised.severity().name(), raised.table(), raised.message(),
                raised.labels(), envelope.source(), envelope.time(), Optional.empty());
    }

    /** An {@code alert.resolved} event: resolved when the event was sent (or now, if the sender did not say). */
    public static FloeAlert resolved(CloudEvent<?> envelope, AlertResolved resolved, Instant now) {
        return new FloeAlert(resolved.alertId(), resolved.name(), resolved.severity().name(), resolved.table(),
                resolved.message(), resolved.labels(), envelope.source(), Optional.empty(),
                Optional.of(envelope.time().orElse(now)));
    }

    /** An alert of the ledger, open or resolved. */
    public static FloeAlert of(AlertRecord record, Map<String, String> labels, String source) {
        return new FloeAlert(record.alertId, record.name, record.severity, Optional.ofNullable(record.tableId),
                record.message, labels, source, Optional.ofNullable(record.raisedAt), Optional.ofNullable(record.resolvedAt));
    }
}
