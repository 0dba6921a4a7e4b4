package io.k2.floe.endtoend;

import io.k2.floe.tiering.security.ApiTokens;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full 9-table cycle time (docs/requirements.md#targets: 15 minutes of data at 10× the seeds' rate in under 30 s), measured as a user
 * would see it: {@code minutes} of generator data at {@code market-rate} trades per second go through the broker into
 * a warm tier of its own; then, with the services running as their own processes, one run is started through the API
 * and timed from its start to its end in the ledger. The reference, measured in the same run on the same machine: the
 * time ClickHouse alone takes to stream the same nine windows (the worker's own queries) to nowhere. Run by
 * {@code deploy/local/bench-cycle}; prints one line per table and a summary.
 */
public final class CycleBench {

    private CycleBench() {
    }

    public static void main(String[] args) throws Exception {
        int marketRate = Integer.parseInt(option(args, "--market-rate", "200"));
        int minutes = Integer.parseInt(option(args, "--minutes", "15"));
        int workers = Integer.parseInt(option(args, "--workers", "1"));
        TableCatalog catalog = TableCatalog.load();
        try (Platform platform = new Platform(Map.of(
                "FLOE_COORDINATOR_SCHEDULE", "off",
                "FLOE_COORDINATOR_SETTLE_LAG", "1s",
                "FLOE_COORDINATOR_AUDIT_AFTER_OFFLOAD", "false")).warmBlockSize(65536)) {
            platform.create();
            try (WarmSql warm = platform.warm()) {
                for (int i = 0; i < workers; i++) {
                    platform.start("worker-" + i, Service.OFFLOAD_WORKER);
                }
                ServiceProcess coordinator = platform.start("coordinator", Service.COORDINATOR);
                // A first, small cycle: creates the cold tables and warms the JVMs, as every cycle after a service's
                // first finds them. Its time is printed, not measured against the target.
                long expected = generate(platform, 1, marketRate, 0);
                awaitIngested(warm, expected);
                Thread.sleep(2_000); // past the settle lag: every ingested row is below the run's cut
                Instant[] first = awaitRun(platform, startRun(coordinator, platform.apiToken(ApiTokens.OPERATOR)));
                System.out.printf("warm-up cycle (1 minute of trades, cold tables created): %.1f s%n",
                        Duration.between(first[0], first[1]).toMillis() / 1000.0);

                System.out.printf("generating %d minutes of trades at %d trades/s of market time (%,d trades)%n",
                        minutes, marketRate, (long) minutes * 60 * marketRate);
                long t0 = System.nanoTime();
                expected += generate(platform, minutes, marketRate, 1);
                awaitIngested(warm, expected);
                System.out.printf("published and ingested in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                Thread.sleep(2_000);
                String runId = startRun(coordinator, platform.apiToken(ApiTokens.OPERATOR));
                Instant[] span = awaitRun(platform, runId);
                double cycle = Duration.between(span[0], span[1]).toMillis() / 1000.0;
                System.out.printf("%n%-22s %10s %10s %10s %12s%n", "table", "rows", "task s", "worker s", "warm read s");
                double warmRead = 0;
                long rows = 0;
                ClickHouseHttp http = clickHouse(platform);
                try (Connection ledger = platform.ledger()) {
                    var tasks = ledger.prepareStatement("SELECT table_id, rows_written, window_lower, window_upper,"
                            + " EXTRACT(EPOCH FROM finished_at - first_sent_at), duration_ms FROM tasks"
                            + " WHERE run_id = ? AND kind = 'OFFLOAD' ORDER BY task_id");
                    tasks.setString(1, runId);
                    ResultSet result = tasks.executeQuery();
                    while (result.next()) {
                        String table = result.getString(1);
                        Timestamp lower = result.getTimestamp(3);
                        Timestamp upper = result.getTimestamp(4);
                        double read = lower == null ? 0 : readWindow(http, catalog.get(table),
                                new Window(lower.toInstant(), upper.toInstant()));
                        warmRead += read;
                        rows += result.getLong(2);
                        System.out.printf("%-22s %,10d %10.1f %10.1f %12.1f%n", table, result.getLong(2),
                                result.getDouble(5), result.getLong(6) / 1000.0, read);
                    }
                }
                System.out.printf("%ncycle: %.1f s for %,d rows in 9 tables (%d minutes of trades at %d trades/s), "
                                + "target < 30 s: %s%n", cycle, rows, minutes, marketRate, cycle < 30 ? "met" : "missed");
                System.out.printf("reference: ClickHouse streaming the same nine windows alone, one after another: "
                        + "%.1f s; cycle / reference = %.2f%n", warmRead, cycle / warmRead);
                System.out.printf("workers: %d, machine: %d cores%n", workers, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    /** Publishes {@code minutes} of market time ending now; returns the messages published. */
    private static long generate(Platform platform, int minutes, int marketRate, int seed) {
        String published = platform.generate(List.of("--duration", minutes + "m", "--market-rate",
                Integer.toString(marketRate), "--rate", "0", "--seed", Integer.toString(seed + 1), "--start-time",
                Instant.now().minus(Duration.ofMinutes(minutes)).toString()), Duration.ofMinutes(30));
        return publishedOf(published, "binance") + publishedOf(published, "kraken");
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static long publishedOf(String generatorOutput, String exchange) {
        for (String line : generatorOutput.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && fields[0].equals(exchange)) {
                return Long.parseLong(fields[1].replace(",", ""));
            }
        }
        throw new IllegalStateException("no '" + exchange + "' line in the generator's output:\n" + generatorOutput);
    }

    /** Waits until bronze holds every message and silver has stopped growing. */
    private static void awaitIngested(WarmSql warm, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (warm.number("SELECT (SELECT count() FROM bronze_trades_binance) + (SELECT count() FROM bronze_trades_kraken)")
                < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bronze did not receive " + expected + " messages within 20 minutes");
            }
            Thread.sleep(1_000);
        }
        long last = -1;
        long now;
        while ((now = warm.number("SELECT count() FROM silver_trades")) != last) {
            last = now;
            Thread.sleep(3_000);
        }
    }

    private static String startRun(ServiceProcess coordinator, String operatorToken) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(coordinator.baseUrl() + "/api/runs")).header("Authorization", "Bearer " + operatorToken)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST /api/runs answered " + answer.statusCode() + ": " + answer.body());
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        if (!id.find()) {
            throw new IllegalStateException("no runId in " + answer.body());
        }
        return id.group(1);
    }

    private static Instant[] awaitRun(Platform platform, String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ledger = platform.ledger()) {
                var run = ledger.prepareStatement("SELECT status, started_at, finished_at FROM runs WHERE run_id = ?");
                run.setString(1, runId);
                ResultSet result = run.executeQuery();
                if (result.next() && !result.getString(1).equals("RUNNING")) {
                    if (!result.getString(1).equals("SUCCEEDED")) {
                        throw new IllegalStateException("run " + runId + " " + result.getString(1) + "; logs in "
                                + platform.dir());
                    }
                    return new Instant[] {result.getTimestamp(2).toInstant(), result.getTimestamp(3).toInstant()};
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("run " + runId + " did not finish within 30 minutes");
    }

    private static ClickHouseHttp clickHouse(Platform platform) {
        return new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"), Platform.env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                Duration.ofSeconds(5));
    }

    /** Seconds ClickHouse takes to stream the window the worker read, as RowBinary, to nowhere. */
    private static double readWindow(ClickHouseHttp http, CatalogTable table, Window window) throws Exception {
        WarmColumns columns = new WarmColumns(http);
        WarmWindowQuery query = new WarmWindowQuery(table, columns.of(table), columns.needsFinal(table.warmRead()));
        long t0 = System.nanoTime();
        try (InputStream in = http.query(query.window(window), query.settings())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
