package io.k2.floe.coordinator.api;

import io.k2.floe.tiering.catalog.Layer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A catalog table's state: how far its cold tier reaches, whether it runs, how its last run went. */
@Schema(name = "Table")
public record TableView(
        @Schema(examples = "bronze_trades_binance") String table,
        Layer layer,
        List<String> dependsOn,
        @Schema(examples = "bronze_trades_binance") String warmTable,
        @Schema(examples = "cold.bronze_trades_binance") String coldTable,
        @Schema(description = "The cold table's partition transform", examples = "day(trade_time_us)")
        String partition,
        @Schema(description = "The committed marker: every row ingested up to it is in the cold tier")
        Instant marker,
        @Schema(description = "Now minus the marker, in seconds; null without a marker") Long lagSeconds,
        @Schema(description = "Rows in the cold table at the marker's snapshot (Iceberg's total-records); null without"
                + " a marker") Long coldRows,
        @Schema(description = "Rows the warm tier holds up to the marker, the rows the windows so far selected"
                + " (deduplicated for silver, finalized bars for gold); only with ?counts=true") Long warmRows,
        @Schema(description = "Rows of warm partitions that warm retention dropped after proving them equal in the cold"
                + " tier: warmRows + warmRowsDropped = coldRows; only with ?counts=true") Long warmRowsDropped,
        @Schema(description = "When warmRows was counted: a count is reused for the same marker until it is"
                + " floe.coordinator.warm-count-max-age old; only with ?counts=true") Instant warmRowsCountedAt,
        @Schema(description = "Seconds since warmRows was counted; only with ?counts=true") Long warmRowsAgeSeconds,
        @Schema(description = "When the coordinator last saw the marker move") Instant markerAdvancedAt,
        boolean paused,
        Instant pausedAt,
        @Schema(description = "Failed offload attempts in a row") int consecutiveFailures,
        String lastErrorType,
        @Schema(description = "The newest run with an offload of this table; null if none") LastRun lastRun,
        @Schema(description = "Active alerts of this table, newest first") List<AlertView> alerts) {

    /**
     * The same view with the warm tier's row count up to the marker, when it was counted and how long ago, and the
     * rows retention dropped from it.
     */
    public TableView withWarmRows(Long rows, Instant countedAt, Long ageSeconds, Long dropped) {
        return new TableView(table, layer, dependsOn, warmTable, coldTable, partition, marker, lagSeconds, coldRows, rows,
                dropped, countedAt, ageSeconds, markerAdvancedAt, paused, pausedAt, consecutiveFailures, lastErrorType, lastRun, alerts);
    }

    /** The newest run that offloads the table, and how it went for the table. */
    @Schema(name = "TableLastRun")
    public record LastRun(
            String runId,
            io.k2.floe.coordinator.ledger.RunKind kind,
            @Schema(description = "RUNNING while a task of the table is open, else SUCCEEDED, FAILED or SKIPPED",
                    enumeration = {"RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"}) String outcome,
            Instant startedAt,
            Instant finishedAt) {
    }
}
