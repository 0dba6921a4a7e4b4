package io.k2.floe.tiering.messages;

import java.util.Map;
import java.util.Optional;

/**
 * The condition of an earlier {@link AlertRaised} with the same {@code alertId} has ended.
 *
 * @param alertId  the id of the raised alert
 * @param name     alert name, see {@link AlertNames}
 * @param severity the severity it was raised with
 * @param table    the table concerned, if one is
 * @param message  why it is resolved, for people
 * @param labels   extra dimensions, as raised
 */
public record AlertResolved(String alertId, String name, Severity severity, Optional<String> table, String message,
                            Map<String, String> labels) implements Event {

    public AlertResolved {
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
