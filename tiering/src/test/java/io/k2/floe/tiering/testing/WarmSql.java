package io.k2.floe.tiering.testing;

import io.k2.floe.tiering.warm.ClickHouseHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain SQL against the local stack's ClickHouse for tests (TabSeparated text), independent of the offload's own
 * query building, so that tests state what they expect in their own words.
 */
public final class WarmSql implements AutoCloseable {

    private final ClickHouseHttp http;

    public WarmSql(ClickHouseHttp http) {
        this.http = http;
    }

    /** The local stack's ClickHouse, from the FLOE_CLICKHOUSE_* variables (database k2 unless set). */
    public static WarmSql fromEnvironment() {
        return new WarmSql(new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""),
                env("FLOE_CLICKHOUSE_DATABASE", "k2"), Duration.ofSeconds(5)));
    }

    public String database() {
        return http.database();
    }

    /** Runs a statement that returns nothing (DDL, INSERT). */
    public void execute(String sql) {
        execute(sql, Map.of());
    }

    public void execute(String sql, Map<String, String> settings) {
        try (InputStream in = http.query(sql, settings)) {
            in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse refused: " + sql, e);
        }
    }

    /** The rows of a SELECT, each as its TabSeparated fields. */
    public List<String[]> rows(String sql) {
        try (InputStream in = http.query(sql + " FORMAT TabSeparated")) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse refused: " + sql, e);
        }
    }

    /** The single number a SELECT returns. */
    public long number(String sql) {
        return Long.parseLong(rows(sql).get(0)[0]);
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * A client for {@code database} (the stack's own, {@code k2} unless FLOE_CLICKHOUSE_DATABASE says otherwise, when
     * null) on the ClickHouse FLOE_CLICKHOUSE_URL names. No default for the server: tests that create and drop
     * databases or tables must be told which ClickHouse.
     */
    public static ClickHouseHttp httpFor(String database) {
        String url = System.getenv("FLOE_CLICKHOUSE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("FLOE_CLICKHOUSE_URL is not set: start the local stack (deploy/local/up"
                    + " clickhouse) and source its env file");
        }
        return new ClickHouseHttp(url, env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""),
                database == null ? env("FLOE_CLICKHOUSE_DATABASE", "k2") : database, Duration.ofSeconds(10));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
