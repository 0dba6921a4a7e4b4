package io.k2.floe.coordinator.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as Alertmanager's v2 API takes it ({@code POST /api/v2/alerts}, a JSON array of these). Alertmanager
 * identifies an alert by its label set: sending the same labels again updates that alert (no duplicate), and an
 * {@code endsAt} in the past resolves it.
 *
 * @param labels      identity and routing: alertname, severity, table, layer, service, source, alert_id, partition
 * @param annotations for people: summary, description, runbook_url and the event's other details
 * @param startsAt    when the condition began
 * @param endsAt      when it ended (past: resolved) or until when it counts as open unless sent again (future)
 */
// Written by Jackson outside any REST endpoint: a native image needs its accessors registered.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertmanagerAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                                Instant endsAt) {

    /** Whether this alert is sent as resolved. */
    public boolean resolvedAt(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }
}
