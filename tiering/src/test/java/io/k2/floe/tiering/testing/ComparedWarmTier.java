package io.k2.floe.tiering.testing;

import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.warm.ClickHouseHttp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A warm tier of a test's own on the local stack's ClickHouse 18.16 for comparing Floe's statements with a current
 * release (deploy/clickhouse/compare-current): a fresh database from the warm DDL (Kafka tables as Null tables, so
 * nothing consumes a broker), filled with trades straight into bronze and silver ({@link #fill}), and a
 * {@link RecordingClickHouse} in front of the server: Floe's classes given {@link #http()} send their statements
 * through it. {@link #write()} leaves, in {@code FLOE_COMPARE_DIR/<name>} when that is set, what the comparison needs:
 * {@code current.sql} (the warm DDL as sent to a current release, Kafka tables as Null tables), {@code data/<table>.tsv}
 * (every row of bronze and silver as filled, before any recorded statement ran), {@code timezone.txt} (the server's,
 * in which DateTime text is written), {@code derive.sql} (rows derived after loading: gold bars, or nothing) and
 * {@code statements.jsonl} (each statement, its settings, how to compare and 18.16's answer).
 */
public final class ComparedWarmTier implements AutoCloseable {

    /** The tables filled and exported: what Floe reads (gold bars are computed from silver). */
    public static final List<String> FILLED = List.of("bronze_trades_binance", "bronze_trades_kraken", "silver_trades");
    /** Trades from here on (2025-01-01T00:00:00Z), over two days. */
    public static final long START_MICROS = 1_735_689_600_000_000L;
    /** A gold feed as rendered for a current release: target table, its select up to silver, and the rest. */
    private static final Pattern GOLD_FEED = Pattern.compile(
            "(?s)CREATE MATERIALIZED VIEW IF NOT EXISTS \\S+_mv\\s+TO (\\S+gold_ohlcv_\\w+)\\s+AS (SELECT\\s.*"
                    + "FROM \\S+\\.silver_trades) (WHERE .*?);?$");

    private final String name;
    private final String database;
    private final ClickHouseHttp admin;
    private final RecordingClickHouse recorder;
    private final ClickHouseHttp http;
    /** Every row of each filled table as filled, before any statement could change them (retention drops some). */
    private final Map<String, byte[]> rows = new LinkedHashMap<>();
    /** Statements run after the rows were loaded (gold bars from silver), on 18.16 and again on the current release. */
    private final List<String> derived = new ArrayList<>();

    private ComparedWarmTier(String name) throws IOException {
        this.name = name;
        this.database = "floe_cmp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.admin = WarmSql.httpFor(null);
        this.recorder = new RecordingClickHouse(LocalColdTier.env("FLOE_CLICKHOUSE_URL"));
        this.http = new ClickHouseHttp(recorder.url(), env("FLOE_CLICKHOUSE_USER", "default"),
                env("FLOE_CLICKHOUSE_PASSWORD", ""), database, Duration.ofSeconds(10));
    }

    /** Creates and fills the database; {@code name} (a plain word) names the recording's folder. */
    public static ComparedWarmTier create(String name) throws IOException, InterruptedException {
        return create(name, false);
    }

    /**
     * Creates and fills the database, and with {@code goldBars} the gold tables too: each gold feed's statement run
     * once over silver ({@code FINAL}, so that the bars do not depend on when silver's parts merge), the same statements
     * the comparison runs on the current release ({@code derive.sql}). Without, the gold tables stay empty (their feeds
     * fire only on Kafka's path).
     */
    public static ComparedWarmTier create(String name, boolean goldBars) throws IOException, InterruptedException {
        ComparedWarmTier tier = new ComparedWarmTier(name);
        try {
            for (String statement : nullForKafka(render(tier.database, "18.16"))) {
                text(tier.admin, statement);
            }
            // The rows must stay as written until they are exported: a merge of silver's parts between the recording
            // and the export would remove copies that the reads without FINAL counted.
            for (String table : FILLED) {
                text(tier.admin, "SYSTEM STOP MERGES " + tier.database + "." + table);
            }
            fill(tier.admin, tier.database);
            tier.exportRows();
            if (goldBars) {
                tier.derived.addAll(goldFeedsOnce(render(tier.database, "current")));
                for (String statement : tier.derived) {
                    text(tier.admin, statement);
                }
            }
            return tier;
        } catch (IOException | InterruptedException | RuntimeException e) {
            tier.close();
            throw e;
        }
    }

    public String database() {
        return database;
    }

    /** A client of the database whose statements are recorded. */
    public ClickHouseHttp http() {
        return http;
    }

    /** Labels the statements sent from now on (see {@link Label}). */
    public void label(Label label) {
        recorder.label(label);
    }

    public List<RecordingClickHouse.Statement> statements() {
        return recorder.statements();
    }

    /** Writes the recording where FLOE_COMPARE_DIR says (a folder of its own, {@code name}); nothing when unset. */
    public void write() throws IOException, InterruptedException {
        String dir = System.getenv("FLOE_COMPARE_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path out = Path.of(dir, name);
        Files.createDirectories(out.resolve("data"));
        // DateTime columns are exported as text in the server's time zone: the other engine reads them in it
        Files.writeString(out.resolve("timezone.txt"), text(admin, "SELECT timezone() FORMAT TabSeparated"));
        for (Map.Entry<String, byte[]> table : rows.entrySet()) {
            Files.write(out.resolve("data/" + table.getKey() + ".tsv"), table.getValue());
        }
        Files.writeString(out.resolve("current.sql"), String.join("\n", nullForKafka(render(database, "current"))));
        Files.writeString(out.resolve("derive.sql"), derived.stream().map(d -> d + ";\n").collect(Collectors.joining()));
        Files.writeString(out.resolve("statements.jsonl"), statements().stream().map(ComparedWarmTier::json)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private void exportRows() throws IOException {
        for (String table : FILLED) {
            try (InputStream in = admin.query("SELECT * FROM " + database + "." + table + " FORMAT TabSeparated")) {
                rows.put(table, in.readAllBytes());
            }
        }
    }

    /** Drops the database. */
    @Override
    public void close() {
        try {
            text(admin, "DROP DATABASE IF EXISTS " + database);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot drop " + database, e);
        } finally {
            http.close();
            recorder.close();
            admin.close();
        }
    }

    /**
     * Trades straight into bronze and silver (no materialized view fires: the Kafka tables are Null tables nothing
     * inserts into), so that ingestion times are chosen here: 2 s after the trade, every 53rd two hours late (a bar that
     * changes after its bucket closed), every 40th Binance trade sent again 5 minutes later (a duplicate silver's FINAL
     * removes). Prices and quantities with few and with many decimals, some whole.
     */
    static void fill(ClickHouseHttp admin, String database) throws IOException {
        String ingested = "toDateTime(intDiv(trade_time_us, 1000000) + 2 + if(n % 53 = 0, 7200, 0))";
        String decimal = "toDecimal64(concat(toString(intHash32(n) %% %d + 1), '.', toString(if(n %% 11 = 0, 0, intHash32(n * 7) %% %d))), 8)";
        String price = String.format(decimal, 90_000, 100_000_000);
        String quantity = String.format(decimal, 3, 10_000);
        text(admin, "INSERT INTO " + database + ".bronze_trades_binance (event_type, event_time_us, symbol, trade_id, price,"
                + " quantity, trade_time_us, is_buyer_maker, is_best_match, ingested_at) SELECT 'trade', trade_time_us + 1000,"
                + " ['BTCUSDT', 'ETHBTC', 'SOLFDUSD'][n % 3 + 1], 4300000000 + n, " + price + ", " + quantity + ", trade_time_us,"
                + " toUInt8(n % 2), 1, " + ingested + " FROM (SELECT number AS n, toInt64(" + START_MICROS
                + " + n * 43200000 + if(n % 7 = 0, 0, intHash32(n * 13) % 1000000)) AS trade_time_us FROM numbers(4000))");
        text(admin, "INSERT INTO " + database + ".bronze_trades_binance SELECT event_type, event_time_us, symbol, trade_id,"
                + " price, quantity, trade_time_us, is_buyer_maker, is_best_match, ingested_at + 300 FROM " + database
                + ".bronze_trades_binance WHERE trade_id % 40 = 0");
        text(admin, "INSERT INTO " + database + ".bronze_trades_kraken (symbol, side, price, qty, ord_type, trade_id, timestamp,"
                + " trade_time_us, ingested_at) SELECT ['BTC/USD', 'ETH/EUR'][n % 2 + 1], if(n % 3 = 0, 'sell', 'buy'), " + price
                + ", " + quantity + ", 'market', 82000000 + n, toString(trade_time_us), trade_time_us, " + ingested
                + " FROM (SELECT number AS n, toInt64(" + START_MICROS + " + n * 86400000 + intHash32(n * 17) % 1000000)"
                + " AS trade_time_us FROM numbers(2000))");
        String silver = "INSERT INTO " + database + ".silver_trades (exchange, symbol, exchange_symbol, trade_id, price,"
                + " quantity, quote_quantity, side, trade_time_us, ingested_at, dedup_version) ";
        text(admin, silver + "SELECT 'binance', multiIf(symbol = 'BTCUSDT', 'BTC/USDT', symbol = 'ETHBTC', 'ETH/BTC', 'SOL/FDUSD'),"
                + " symbol, trade_id, price, quantity, toDecimal128(price, 8) * quantity, if(is_buyer_maker = 1, 'sell', 'buy'),"
                + " trade_time_us, ingested_at, toUInt32(4294967295 - toUInt32(ingested_at)) FROM " + database + ".bronze_trades_binance");
        text(admin, silver + "SELECT 'kraken', symbol, symbol, trade_id, price, qty, toDecimal128(price, 8) * qty, side,"
                + " trade_time_us, ingested_at, toUInt32(4294967295 - toUInt32(ingested_at)) FROM " + database + ".bronze_trades_kraken");
    }


    /** The warm DDL as deploy/clickhouse/apply renders it for {@code release}, one statement per element. */
    private static List<String> render(String database, String release) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(LocalStack.repoRoot().resolve("deploy/clickhouse/apply").toString(), "--print")
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("FLOE_CLICKHOUSE_DATABASE", database, "FLOE_CLICKHOUSE_RELEASE", release));
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("deploy/clickhouse/apply --print (" + release + ") failed: " + text);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                statements.add(statement.toString().strip());
                statement.setLength(0);
            }
        }
        return statements;
    }

    /**
     * Each gold feed (a materialized view {@code … TO gold_ohlcv_<interval> AS SELECT … FROM silver_trades WHERE exchange
     * = '<exchange>' GROUP BY …}, as rendered for a current release) as an insert of its select, run once, over silver
     * {@code FINAL}.
     */
    private static List<String> goldFeedsOnce(List<String> statements) {
        List<String> inserts = new ArrayList<>();
        for (String s : statements) {
            Matcher view = GOLD_FEED.matcher(s);
            if (view.matches()) {
                inserts.add("INSERT INTO " + view.group(1) + " " + view.group(2) + " FINAL " + view.group(3));
            }
        }
        if (inserts.isEmpty()) {
            throw new IllegalStateException("no gold feed reading silver_trades in the warm DDL for a current release");
        }
        return inserts;
    }

    /** The statements with each Kafka-engine table a Null table of the same columns: nothing consumes a broker. */
    private static List<String> nullForKafka(List<String> statements) {
        return statements.stream().map(s -> {
            int engine = s.indexOf("\nENGINE = Kafka");
            return engine < 0 ? s : s.substring(0, engine) + "\nENGINE = Null;";
        }).toList();
    }


    private static String text(ClickHouseHttp http, String sql) throws IOException {
        try (InputStream in = http.query(sql)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }


    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }


    private static String json(RecordingClickHouse.Statement s) {
        Label l = s.label();
        String settings = s.settings().entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        return "{\"name\":" + quote(l.name()) + ",\"mode\":" + quote(l.mode()) + ",\"sql\":" + quote(s.sql())
                + ",\"settings\":" + settings
                + ",\"types\":" + l.types().stream().map(ComparedWarmTier::quote).collect(Collectors.joining(",", "[", "]"))
                + ",\"key\":" + l.key().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                + ",\"expectedCurrent\":" + (l.expectedCurrent() == null ? "null" : quote(l.expectedCurrent()))
                + ",\"answer\":" + quote(Base64.getEncoder().encodeToString(s.answer())) + "}";
    }

    private static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        text.chars().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
