package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.RecordingClickHouse;
import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.DecimalText;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.RowBytes;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-tier statements Floe's Java code sends, built by Floe's own classes for each of the catalog's nine tables and
 * sent through a {@link RecordingClickHouse} to the real ClickHouse 18.16 of the local stack, over trades of a database of
 * this test's own: column discovery ({@code system.columns}, {@code system.tables}), the window reads (bronze, silver
 * {@code FINAL}, gold bars computed from silver with the reads that find their trades), the window's time bounds, the
 * repair's partition read, the auditor's figures and checksum, and the decimal-text probe.
 *
 * <p>Here it checks what 18.16 answers (the checksum equals the one the auditor computes from the rows it reads). With
 * {@code FLOE_COMPARE_DIR} set it also leaves there, for deploy/clickhouse/compare-current to run the same statements on a
 * current ClickHouse over the same rows: {@code current.sql} (the warm DDL as sent to a current release, Kafka tables as
 * Null tables), {@code data/<table>.tsv} (every row of the tables read), {@code statements.jsonl} (each statement, its
 * settings, how to compare and 18.16's answer).
 */
class CurrentReleaseStatementsIT {

    /** Trades from here on, over two days; the window and partitions below lie inside. */
    private static final long START_MICROS = 1_735_689_600_000_000L; // 2025-01-01T00:00:00Z
    private static final Window WINDOW = new Window(Instant.parse("2025-01-01T06:00:00Z"), Instant.parse("2025-01-02T06:00:00Z"));
    /** The marker's upper bound for the partition reads and the audit: the whole feed has been offloaded by then. */
    private static final Instant UPPER = Instant.parse("2025-01-04T00:00:00Z");
    private static final List<String> READ_TABLES = List.of("bronze_trades_binance", "bronze_trades_kraken", "silver_trades");

    @Test
    void floesStatementsAnswerOn1816AsTheAuditorExpects() throws Exception {
        String database = "floe_cmp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String dir = System.getenv("FLOE_COMPARE_DIR");
        Path out = dir == null || dir.isBlank() ? Files.createTempDirectory("floe-compare") : Path.of(dir);
        Files.createDirectories(out.resolve("data"));
        try (ClickHouseHttp admin = WarmSql.httpFor(null)) {
            try {
                // DateTime columns are exported as text in the server's time zone: the other engine reads them in it
                Files.writeString(out.resolve("timezone.txt"), text(admin, "SELECT timezone() FORMAT TabSeparated"));
                for (String statement : nullForKafka(render(database, "18.16"))) {
                    text(admin, statement);
                }
                fill(admin, database);
                for (String table : READ_TABLES) {
                    try (InputStream in = admin.query("SELECT * FROM " + database + "." + table + " FORMAT TabSeparated")) {
                        Files.write(out.resolve("data/" + table + ".tsv"), in.readAllBytes());
                    }
                }
                Files.writeString(out.resolve("current.sql"), String.join("\n", nullForKafka(render(database, "current"))));
                List<RecordingClickHouse.Statement> statements = record(database);
                Files.writeString(out.resolve("statements.jsonl"), statements.stream().map(CurrentReleaseStatementsIT::json)
                        .collect(Collectors.joining("\n", "", "\n")));
                assertThat(statements).allSatisfy(s -> assertThat(s.status()).as(s.label().name() + ": " + s.sql()).isEqualTo(200));
            } finally {
                try (ClickHouseHttp root = WarmSql.httpFor(null)) {
                    text(root, "DROP DATABASE IF EXISTS " + database);
                }
            }
        }
    }

    /** Floe's classes, through the recorder: every statement they send, with 18.16's answer. */
    private List<RecordingClickHouse.Statement> record(String database) throws IOException {
        TableCatalog catalog = TableCatalog.load();
        assertThat(catalog.tables()).hasSize(9);
        try (RecordingClickHouse recorder = new RecordingClickHouse(LocalColdTier.env("FLOE_CLICKHOUSE_URL"));
             ClickHouseHttp http = new ClickHouseHttp(recorder.url(), env("FLOE_CLICKHOUSE_USER", "default"),
                     env("FLOE_CLICKHOUSE_PASSWORD", ""), database, Duration.ofSeconds(10))) {
            WarmColumns discovery = new WarmColumns(http);
            WarmReader reader = new WarmReader(http);
            WarmFigures figures = new WarmFigures(http);
            recorder.label(new Label("decimal text probe", "decimal-probe", List.of(), List.of(), "1.5"));
            assertThat(figures.decimalText()).isEqualTo(DecimalText.FULL_SCALE);
            for (CatalogTable table : catalog.tables()) {
                String id = table.id();
                recorder.label(new Label(id + ": columns (system.columns)", "columns", List.of("String", "String"), List.of(0), null));
                List<WarmColumn> columns = discovery.of(table);
                recorder.label(new Label(id + ": engine, FINAL or not (system.tables)", "rows", List.of("String", "String"), List.of(0), null));
                boolean needsFinal = discovery.needsFinal(table.warmRead());
                recorder.label(new Label(id + ": time column in the sorting key (system.columns)", "rows", List.of("String", "String"), List.of(0), null));
                discovery.inSortingKey(table.warmRead(), table.timeColumn());
                WarmWindowQuery query = new WarmWindowQuery(table, columns, needsFinal);
                List<String> types = columns.stream().map(c -> c.warmType().text()).toList();
                List<Integer> key = orderKey(table, columns);
                String label = table.partition().labelOf(WINDOW.lower());
                Optional<GoldBars> bars = table.isGold() ? Optional.of(GoldBars.of(catalog, table)) : Optional.empty();
                RecordingSink windowRows = new RecordingSink(columns.size());
                if (bars.isPresent()) {
                    recorder.label(new Label(id + ": the window's trades (bar reads without FINAL)", "rows",
                            List.of("String", "String", "Int64"), List.of(), null));
                    TradeSelection trades = GoldWindowRanges.of(reader, bars.get(), WINDOW);
                    recorder.label(new Label(id + ": window read (bars from silver FINAL)", "rows", types, key, null));
                    reader.read(query.window(WINDOW, bars.get(), trades), query.settings(), columns, windowRows);
                } else {
                    recorder.label(new Label(id + ": window time bounds", "rows", List.of("Int64", "Int64", "UInt64"), List.of(), null));
                    long[] bounds = new long[3];
                    reader.read(query.timeBounds(WINDOW), List.of(ColdTypeMapping.column(id, "min", "Int64", null),
                            ColdTypeMapping.column(id, "max", "Int64", null), ColdTypeMapping.column(id, "count", "UInt64", null)),
                            new RowSinkAdapter() {
                                @Override
                                public void setLong(int column, long value) {
                                    bounds[column] = value;
                                }

                                @Override
                                public boolean endRow() {
                                    return true;
                                }
                            });
                    recorder.label(new Label(id + ": window read" + (needsFinal ? " (FINAL)" : ""), "rows", types, key, null));
                    reader.read(query.window(WINDOW), query.settings(), columns, windowRows);
                    recorder.label(new Label(id + ": window read within its time bounds", "rows", types, key, null));
                    reader.read(query.window(WINDOW, bounds[0], bounds[1]), query.settings(), columns, new RecordingSink(columns.size()));
                }
                assertThat(windowRows.rows).as(id + ": the window holds rows").isNotEmpty();
                recorder.label(new Label(id + ": partition " + label + " read (repair)", "rows", types, key, null));
                RecordingSink partitionRows = new RecordingSink(columns.size());
                reader.read(bars.isPresent() ? query.partition(label, UPPER, bars.get()) : query.partition(label, UPPER),
                        query.settings(), columns, partitionRows);

                // The auditor's figures: 18.16's checksum must be the one the auditor computes from these rows with
                // 18.16's decimal text; a current release prints decimals trimmed, so its checksum is the one computed
                // with trimmed decimals (what the auditor's cold side writes against it).
                WarmColumn time = columns.stream().filter(c -> c.name().equals(table.timeColumn())).findFirst().orElseThrow();
                long trimmed = checksum(columns, partitionRows, DecimalText.TRIMMED);
                AuditSide side = new AuditSide(table, new RowChecksum(columns, DecimalText.FULL_SCALE), time, query, bars);
                recorder.label(new Label(id + ": audit figures of partition " + label + " (count, time range, checksum)",
                        "figures", List.of(), List.of(), Long.toUnsignedString(trimmed)));
                PartitionFigures warm = figures.of(side, label, UPPER);
                assertThat(warm.rows()).as(id).isEqualTo(partitionRows.rows.size());
                assertThat(warm.checksum()).as(id + ": 18.16's checksum against the auditor's computation")
                        .contains(Long.toUnsignedString(checksum(columns, partitionRows, DecimalText.FULL_SCALE)));
            }
            return recorder.statements();
        }
    }

    /** Positions of the read's ORDER BY columns (cluster-by; the partition follows from the time column among them). */
    private static List<Integer> orderKey(CatalogTable table, List<WarmColumn> columns) {
        List<String> names = columns.stream().map(WarmColumn::name).toList();
        List<Integer> key = new ArrayList<>();
        for (String c : table.clusterBy()) {
            key.add(names.indexOf(c));
        }
        if (!table.clusterBy().contains(table.timeColumn())) {
            key.addFirst(names.indexOf(table.timeColumn()));
        }
        return key;
    }

    private static long checksum(List<WarmColumn> columns, RecordingSink rows, DecimalText decimals) {
        RowChecksum checksum = new RowChecksum(columns, decimals);
        RowBytes buffer = new RowBytes();
        long sum = 0;
        for (List<Object> row : rows.rows) {
            sum += checksum.coldRowHash(i -> row.get(i) instanceof Instant t ? t.atOffset(ZoneOffset.UTC)
                    : row.get(i) == RecordingSink.NULL ? null : row.get(i), buffer);
        }
        return sum;
    }

    /**
     * Trades straight into bronze and silver (no materialized view fires: the Kafka tables are Null tables nothing
     * inserts into), so that ingestion times are chosen here: 2 s after the trade, every 53rd two hours late (a bar that
     * changes after its bucket closed), every 40th Binance trade sent again 5 minutes later (a duplicate silver's FINAL
     * removes). Prices and quantities with few and with many decimals, some whole.
     */
    private static void fill(ClickHouseHttp admin, String database) throws IOException {
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

    /** The statements with each Kafka-engine table a Null table of the same columns: nothing consumes a broker. */
    static List<String> nullForKafka(List<String> statements) {
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
                + ",\"types\":" + l.types().stream().map(CurrentReleaseStatementsIT::quote).collect(Collectors.joining(",", "[", "]"))
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
