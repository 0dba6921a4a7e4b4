package io.k2.floe.coordinator.alerting;

import io.k2.floe.tiering.catalog.TableCatalog;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns Floe's alerts into Alertmanager alerts with the label scheme every alert source of Floe shares
 * (docs/alerting.md): {@code alertname}, {@code severity} ({@code critical} | {@code warning}), {@code table} and
 * {@code layer} when a table is concerned, {@code service}, {@code source="floe-events"}, plus {@code alert_id} (Floe's
 * own identity of the condition, so that two partitions' mismatches stay two alerts and one's resolution does not end
 * the other) and {@code partition} when the alert names one. The labels of one alert never change between sends (no
 * time, no counts): that is what makes sending it again harmless. The event's other details (lag, snapshot ids, the
 * reason) change with time and go to annotations.
 */
@ApplicationScoped
public class AlertmanagerAlerts {

    /** The {@code source} label of alerts forwarded from Floe's events (Prometheus rules say {@code prometheus}). */
    public static final String SOURCE = "floe-events";
    /** Alertmanager's label names (Prometheus' rule); anything else is changed to fit it. */
    private static final Pattern NOT_LABEL_CHARACTER = Pattern.compile("[^a-zA-Z0-9_]");
    /** Event labels that identify the condition, and so become Alertmanager labels rather than annotations. */
    private static final String PARTITION = "partition";

    private final TableCatalog catalog;
    private final String runbookPrefix;
    private final Duration lifetime;

    public AlertmanagerAlerts(TableCatalog catalog, AlertmanagerConfig config) {
        this.catalog = catalog;
        this.runbookPrefix = config.runbookUrlPrefix().orElse("");
        this.lifetime = config.alertLifetime();
    }

    /**
     * The Alertmanager alert of {@code alert}: resolved at its resolution time, or open until {@code now} plus the
     * configured lifetime.
     */
    public AlertmanagerAlert of(FloeAlert alert, Instant now) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", alert.name());
        labels.put("severity", alert.severity().toLowerCase(Locale.ROOT));
        labels.put("source", SOURCE);
        labels.put("service", service(alert.source()));
        labels.put("alert_id", alert.alertId());
        alert.table().ifPresent(table -> {
            labels.put("table", table);
            catalog.find(table).ifPresent(t -> labels.put("layer", t.layer().configName()));
        });
        String partition = alert.labels().get(PARTITION);
        if (partition != null) {
            labels.put(PARTITION, partition);
        }

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(alert));
        annotations.put("description", alert.message());
        annotations.put("runbook_url", runbookPrefix + "docs/runbooks/" + alert.name() + ".md");
        new TreeMap<>(alert.labels()).forEach((name, value) -> {
            if (!PARTITION.equals(name)) {
                annotations.putIfAbsent(labelName(name), value);
            }
        });

        Instant endsAt = alert.resolvedAt().orElse(now.plus(lifetime));
        // Alertmanager takes an end before the start as an invalid alert.
        Instant startsAt = alert.raisedAt().filter(raised -> !raised.isAfter(endsAt)).orElse(null);
        return new AlertmanagerAlert(labels, annotations, startsAt, endsAt);
    }

    /** {@code /floe/coordinator} → {@code coordinator}: the last segment of the CloudEvents source. */
    static String service(String source) {
        String trimmed = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isEmpty() ? "coordinator" : last;
    }

    private static String summary(FloeAlert alert) {
        return alert.name() + alert.table().map(t -> " on " + t).orElse("")
                + (alert.labels().containsKey(PARTITION) ? " partition " + alert.labels().get(PARTITION) : "");
    }

    static String labelName(String name) {
        String fitted = NOT_LABEL_CHARACTER.matcher(name).replaceAll("_");
        return fitted.isEmpty() || Character.isDigit(fitted.charAt(0)) ? "_" + fitted : fitted;
    }
}
