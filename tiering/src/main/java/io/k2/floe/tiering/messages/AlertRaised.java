package io.k2.floe.tiering.messages;

import java.util.Map;
import java.util.Optional;

/**
 * A condition that needs a person started (R-ALERTS, docs/requirements.md). Raised once per {@code alertId} until
 * the matching {@link AlertResolved}.
 *
 * @param alertId  stable id of this condition, e.g. {@code OffloadFailing/bronze_trades_kraken}, so
 *                 that raised and resolved pair up
 * @param name     alert name, see {@link AlertNames}
 * @param severity how urgent
 * @param table    the table concerned, if one is
 * @param message  what is wrong, for people
 * @param labels   extra dimensions, e.g. {@code partition=2024-05-01}
 */
public record AlertRaised(String alertId, String name, Severity severity, Optional<String> table, String message,
                          Map<String, String> labels) implements Event {

    public AlertRaised {
        Check.id("alertId", alertId);
        Check.matching("name", name, Check.ALERT_NAME, "an UpperCamelCase alert name such as OffloadFailing");
        Check.present("severity", severity);
        table = Check.optional(table);
        table.ifPresent(t -> Check.table("table", t));
        Check.text("message", message);
        labels = Check.keyed("labels", labels);
    }

    @Override
    public Optional<String> subject() {
        return table;
    }
}
