package io.k2.floe.tiering.warm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the warm tier (ClickHouse) is and how to log in (prefix {@code floe.clickhouse}).
 * Floe talks to ClickHouse over its HTTP interface: the official JDBC driver cannot talk to the 18.16
 * server of the local stack (see docs/requirements.md, development machine notes).
 */
@ConfigMapping(prefix = "floe.clickhouse")
public interface ClickHouseConfig {

    /** Base URL of the ClickHouse HTTP interface. Default: {@code http://127.0.0.1:18123} (env {@code FLOE_CLICKHOUSE_URL}). */
    @WithDefault("http://127.0.0.1:18123")
    String url();

    /** ClickHouse user. Default: {@code default} (env {@code FLOE_CLICKHOUSE_USER}). */
    @WithDefault("default")
    String user();

    /** ClickHouse password; a secret, never logged. Default: none, i.e. empty (env {@code FLOE_CLICKHOUSE_PASSWORD}). */
    Optional<String> password();

    /** Database holding the warm tables. Default: {@code k2} (env {@code FLOE_CLICKHOUSE_DATABASE}). */
    @WithDefault("k2")
    String database();

    /**
     * How long a query may take until ClickHouse starts answering (status and headers); a streaming
     * result may then take as long as it needs. Guards against a server that accepts and never answers.
     * Default: {@code PT10M} (a FINAL read of a large silver window can take minutes to its first block).
     */
    @WithDefault("PT10M")
    Duration queryStartTimeout();

    /**
     * How long a read of a result may wait for the next bytes once the result has started; longer, and the read is
     * abandoned with an error (a retried {@code WARM_UNAVAILABLE} for a task) instead of blocking its thread for ever on
     * a server, proxy or network that stopped sending. Only time spent waiting counts, not the reader's own work.
     * Default: {@code PT5M} (env {@code FLOE_CLICKHOUSE_READ_IDLE_TIMEOUT}).
     */
    @WithDefault("PT5M")
    Duration readIdleTimeout();

    /**
     * ClickHouse's own limit on one query ({@code max_execution_time}, sent with every query): the server stops a
     * query that runs longer, streaming included. Below the coordinator's task timeout (20 min), which is below the
     * workers' Kafka {@code max.poll.interval.ms} (30 min): a runaway read fails its task before the coordinator re-sends
     * it and long before the broker takes the worker for dead. {@code PT0S}: no limit.
     * Default: {@code PT15M} (env {@code FLOE_CLICKHOUSE_MAX_EXECUTION_TIME}).
     */
    @WithDefault("PT15M")
    Duration maxExecutionTime();
}
