package io.k2.floe.tiering.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One realistic instance of every message, and a codec whose clock stands still. */
final class Samples {

    static final Instant NOW = Instant.parse("2026-03-02T10:15:00Z");
    static final String SOURCE = "/floe/test";
    static final MessageCodec CODEC = new MessageCodec(Clock.fixed(NOW, ZoneOffset.UTC),
            MessageCodec.DEFAULT_MAX_WINDOW, MessageCodec.DEFAULT_MAX_CLOCK_SKEW);

    static final Window WINDOW = new Window(Instant.parse("2026-03-02T09:45:00Z"), Instant.parse("2026-03-02T10:00:00Z"));
    static final OffloadMarker MARKER = OffloadMarker.of(WINDOW, "cmd-1", "run-7");

    private Samples() {
    }

    static OffloadCommand offload() {
        return OffloadCommand.normal("cmd-1", "run-7", "bronze_trades_binance", 1, WINDOW, NOW.minusSeconds(5));
    }

    static OffloadCommand repair() {
        return new OffloadCommand("cmd-2", "run-8", "gold_ohlcv_1m", 2,
                new Window(Instant.parse("2026-02-20T00:00:00Z"), Instant.parse("2026-03-02T10:00:00Z")),
                OffloadKind.REPAIR, Optional.of("2026-03"), NOW);
    }

    static MaintenanceCommand compact() {
        return new MaintenanceCommand("cmd-3", "run-9", "silver_trades", 1, MaintenanceAction.COMPACT,
                List.of("2026-03-01"), Map.of("target-file-size-bytes", "134217728"), NOW);
    }

    static MaintenanceCommand dropWarm() {
        return new MaintenanceCommand("cmd-4", "run-9", "bronze_trades_kraken", 3, MaintenanceAction.DROP_WARM_PARTITIONS,
                List.of("2026-02-20", "2026-02-21"), Map.of(), NOW);
    }

    static AuditCommand auditPartitions() {
        return new AuditCommand("cmd-5", "run-7", "silver_trades", 1, List.of("2026-03-01", "2026-03-02"),
                Optional.empty(), Optional.of(8_734_216_655_123_987_001L), NOW);
    }

    static AuditCommand auditRange() {
        return new AuditCommand("cmd-6", "run-7", "gold_ohlcv_1d", 1, List.of(),
                Optional.of(new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"))),
                Optional.empty(), NOW);
    }

    static List<Command> commands() {
        return List.of(offload(), repair(), compact(), dropWarm(), auditPartitions(), auditRange());
    }

    static OffloadCompleted offloadCompleted() {
        return new OffloadCompleted("cmd-1", "run-7", "bronze_trades_binance", 1, 1_234_567, 45_678_901, 3, 2_345,
                Optional.of(5_012_345_678_901_234_567L), MARKER, false, List.of("2026-03-01", "2026-03-02"));
    }

    static OffloadCompleted offloadRepeat() {
        return new OffloadCompleted("cmd-1", "run-7", "bronze_trades_binance", 2, 0, 0, 0, 12,
                Optional.of(5_012_345_678_901_234_567L), MARKER, true);
    }

    static MaintenanceCompleted maintenanceCompleted() {
        return new MaintenanceCompleted("cmd-3", "run-9", "silver_trades", 1, MaintenanceAction.COMPACT, 9_876,
                List.of("2026-03-01"), Map.of("rewrittenDataFiles", 42L, "addedDataFiles", 2L), Optional.of(77L), false,
                Map.of("2026-02-28", "NOT_VERIFIED: no audit verdict"));
    }

    static AuditCompleted auditCompleted() {
        return new AuditCompleted("cmd-5", "run-7", "silver_trades", 1, Optional.of(8_734_216_655_123_987_001L),
                Optional.of(WINDOW.upper()), 3_210, List.of(
                new PartitionVerdict("2026-03-01", true, 1_000_000, 1_000_000,
                        Optional.of(Instant.parse("2026-03-01T00:00:00.000123Z")),
                        Optional.of(Instant.parse("2026-03-01T23:59:59.999999Z")),
                        Optional.of(Instant.parse("2026-03-01T00:00:00.000123Z")),
                        Optional.of(Instant.parse("2026-03-01T23:59:59.999999Z")),
                        Optional.of("9f86d081884c7d65"), Optional.of("9f86d081884c7d65")),
                new PartitionVerdict("2026-03-02", false, 10, 9, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
    }

    static TaskFailed taskFailed() {
        return new TaskFailed("cmd-1", "run-7", "bronze_trades_binance", TaskKind.OFFLOAD, 1, ErrorTypes.COMMIT_CONFLICT,
                "commit lost to a concurrent compaction", List.of("s3://floe-warehouse/warehouse/x/data/a.parquet"));
    }

    static TaskFailed malformedFailure() {
        return new TaskFailed("cmd-x", null, null, TaskKind.AUDIT, 0, ErrorTypes.MALFORMED_COMMAND,
                "data.attempt is missing", List.of());
    }

    static RunCompleted runCompleted() {
        return new RunCompleted("run-7", NOW.minusSeconds(30), NOW, List.of(
                new TableRunSummary("bronze_trades_binance", TableOutcome.SUCCEEDED, 1_234_567, 2_345,
                        Optional.of(WINDOW.upper()), Optional.empty()),
                new TableRunSummary("bronze_trades_kraken", TableOutcome.FAILED, 0, 30_000, Optional.empty(),
                        Optional.of(ErrorTypes.WARM_UNAVAILABLE)),
                new TableRunSummary("silver_trades", TableOutcome.SKIPPED, 0, 0, Optional.of(WINDOW.lower()),
                        Optional.empty())));
    }

    static AlertRaised alertRaised() {
        return new AlertRaised("AuditMismatch/silver_trades/2026-03-02", AlertNames.AUDIT_MISMATCH, Severity.CRITICAL,
                Optional.of("silver_trades"), "warm has 10 rows, cold 9", Map.of("partition", "2026-03-02"));
    }

    static AlertResolved alertResolved() {
        return new AlertResolved("DeadLetter", AlertNames.DEAD_LETTER, Severity.WARNING, Optional.empty(),
                "dead-letter topic quiet for 1h", Map.of());
    }

    static WarmPartitionDropped warmPartitionDropped() {
        return new WarmPartitionDropped("silver_trades", "2026-03-02", "20260302", 1_234_567, "18446744073709551557",
                8_734_216_655_123_987_001L, Instant.parse("2026-03-03T01:00:00.123456Z"),
                Instant.parse("2026-04-02T03:30:01Z"), "maint-7", "run-43");
    }

    static List<Event> events() {
        return List.of(offloadCompleted(), offloadRepeat(), maintenanceCompleted(), auditCompleted(), taskFailed(),
                malformedFailure(), runCompleted(), alertRaised(), alertResolved(), warmPartitionDropped(),
                TaskFailed.of(compact(), ErrorTypes.NOT_IMPLEMENTED, "maintenance arrives with a later issue"));
    }
}
