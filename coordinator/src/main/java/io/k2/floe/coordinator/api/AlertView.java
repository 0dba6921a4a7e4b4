package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.ledger.AlertRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** An alert the coordinator raised, active until resolved. */
@Schema(name = "Alert")
public record AlertView(
        @Schema(examples = "ColdLagHigh/bronze_trades_binance") String alertId,
        @Schema(examples = "ColdLagHigh") String name,
        @Schema(examples = "WARNING") String severity,
        String table,
        String message,
        Map<String, String> labels,
        Instant raisedAt,
        Instant resolvedAt,
        boolean active) {

    static AlertView of(AlertRecord alert, Map<String, String> labels) {
        return new AlertView(alert.alertId, alert.name, alert.severity, alert.tableId, alert.message, labels,
                alert.raisedAt, alert.resolvedAt, alert.active());
    }
}
