package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.runs.RequestRefused;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a page of alerts continues: after the alert raised at {@code raisedAt} with id {@code alertId}, in the list's
 * order (newest first, ties by alert id descending). Written {@code <raisedAt>/<alertId>}: an instant has no slash, so
 * the first one ends it, and alert ids (which hold slashes) stay readable in the Link header.
 */
record AlertCursor(Instant raisedAt, String alertId) {

    static AlertCursor parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw refused(text);
        }
        try {
            return new AlertCursor(Instant.parse(text.substring(0, slash)), text.substring(slash + 1));
        } catch (DateTimeParseException e) {
            throw refused(text);
        }
    }

    String text() {
        return raisedAt + "/" + alertId;
    }

    private static RequestRefused refused(String text) {
        return RequestRefused.badRequest("query parameter 'after' must be '<raisedAt>/<alertId>' of an alert, as the"
                + " Link header of the previous page gives it, was '" + text + "'");
    }
}
