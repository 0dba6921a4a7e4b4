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
}
