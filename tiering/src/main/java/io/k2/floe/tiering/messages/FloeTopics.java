package io.k2.floe.tiering.messages;

/**
 * Broker topic names. Commands and events are keyed by table id, so one table's messages stay in
 * order on one partition and one worker of a consumer group handles a table at a time.
 */
public final class FloeTopics {

    /** Raw Binance trade-stream JSON, read by ClickHouse's Kafka engine into bronze. */
    public static final String TRADES_BINANCE = "k2.trades.binance";
    /** Raw Kraken trade JSON, read by ClickHouse's Kafka engine into bronze. */
    public static final String TRADES_KRAKEN = "k2.trades.kraken";
    /** {@link OffloadCommand}s, coordinator to offload workers. */
    public static final String OFFLOAD_COMMANDS = "floe.commands.offload";
    /** {@link MaintenanceCommand}s, coordinator to maintenance workers. */
    public static final String MAINTENANCE_COMMANDS = "floe.commands.maintenance";
    /** {@link AuditCommand}s, coordinator to auditors. */
    public static final String AUDIT_COMMANDS = "floe.commands.audit";
    /** Every {@link Event}: workers to coordinator, coordinator to alerting. */
    public static final String EVENTS = "floe.events";
    /** Messages that could not be decoded or handled, kept verbatim for inspection. */
    public static final String DEAD_LETTER = "floe.dead-letter";

    private FloeTopics() {
    }

    /** The topic that carries commands of this kind. */
    public static String commandTopic(TaskKind kind) {
        return switch (kind) {
            case OFFLOAD -> OFFLOAD_COMMANDS;
            case MAINTENANCE -> MAINTENANCE_COMMANDS;
            case AUDIT -> AUDIT_COMMANDS;
        };
    }
}
