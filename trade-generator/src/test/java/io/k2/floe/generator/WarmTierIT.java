package io.k2.floe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The warm tier against the real local stack (deploy/local/up): the reference DDL applies, and trades the
 * generator publishes to the broker arrive through the Kafka engine in bronze, silver and gold exactly as
 * published. The run works in a corner of its own: the DDL applied into a fresh database, fed from fresh trade
 * topics by consumer groups of its own, all dropped at the end, so the user's k2 database and k2.trades.* topics
 * never see its trades.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarmTierIT {

    private static final int MESSAGES = 200_000;
    private static final Map<String, Long> INTERVALS = new TreeMap<>(Map.of(
            "1m", 60L, "5m", 300L, "15m", 900L, "30m", 1800L, "1h", 3600L, "1d", 86400L));

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** The test's own warm database (never the user's k2), dropped at the end. */
    private final String database = "floe_it_warmtier_" + run;
    /** The test's own trade topics, {@code <prefix>binance} and {@code <prefix>kraken}, deleted at the end. */
    private final String topicPrefix = "floe.it-warmtier-" + run + ".trades.";
    private final String bootstrap = env("FLOE_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    private final ClickHouseHttp clickHouse = new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
            env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""));

    private long dayStartUs;
    private long dayEndUs;
    private PublishSummary summary;
    /** Every distinct trade published, by exchange, exchange symbol and id. */
    private final Map<String, Trade> trades = new HashMap<>();
    private final List<Trade> duplicates = new ArrayList<>();

    @BeforeAll
    void applyTheDdlAndPublishTrades() throws Exception {
        createTopics();
        applyDdl();
        // again: the DDL is idempotent, re-applying it to a database that has it changes nothing
        applyDdl();
        awaitSettledConsumers();
        LocalDate day = unusedDay();
        dayStartUs = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        dayEndUs = dayStartUs + 86_400_000_000L;
        long seed = new Random().nextLong();
        GeneratorOptions options = GeneratorOptions.parse(List.of("--count", Integer.toString(MESSAGES),
                "--seed", Long.toString(seed), "--market-rate", "100",
                "--start-time", day.atTime(6, 0).toInstant(ZoneOffset.UTC).toString(),
                "--topic-prefix", topicPrefix), System.getenv());
        summary = GenerateTrades.publish(options, message -> {
            Trade trade = message.trade();
            if (message.kind() == OutboundMessage.Kind.DUPLICATE) {
                duplicates.add(trade);
            } else {
                trades.put(identity(trade), trade);
            }
        });
        System.out.printf("WarmTierIT: day %s, seed %d%n%s", day, seed, summary.render());
        awaitBronze();
    }

    /** Drops the test's database (its Kafka tables stop consuming with it) and deletes its topics. */
    @AfterAll
    void dropTheTestsCorner() throws Exception {
        try {
            clickHouse.execute("DROP DATABASE IF EXISTS " + database);
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                for (var deletion : admin.deleteTopics(topics()).topicNameValues().values()) {
                    try {
                        deletion.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    @Test
    void theDdlCreatesEveryTableAndView() {
        Set<String> names = new HashSet<>();
        for (String[] row : clickHouse.rows("SELECT name FROM system.tables WHERE database = '" + database + "'")) {
            names.add(row[0]);
        }
        assertThat(names).contains("bronze_trades_binance", "bronze_trades_kraken", "silver_trades",
                "bronze_trades_binance_kafka", "bronze_trades_kraken_kafka", "bronze_trades_binance_mv",
                "bronze_trades_kraken_mv", "silver_trades_binance_mv", "silver_trades_kraken_mv");
        for (String interval : INTERVALS.keySet()) {
            assertThat(names).contains("gold_ohlcv_" + interval, "gold_ohlcv_" + interval + "_bars",
                    "gold_ohlcv_" + interval + "_live", "gold_ohlcv_" + interval + "_binance_mv",
                    "gold_ohlcv_" + interval + "_kraken_mv");
        }
        for (String table : List.of("bronze_trades_binance", "bronze_trades_kraken", "silver_trades",
                "gold_ohlcv_1m_bars", "gold_ohlcv_1d_bars")) {
            assertThat(clickHouse.number("SELECT count() FROM system.columns WHERE database = '" + database
                    + "' AND table = '" + table + "' AND name = 'ingested_at'")).as(table + ".ingested_at").isEqualTo(1);
        }
    }

    @Test
    void bronzeHoldsEveryPublishedMessageDuplicatesIncluded() {
        assertThat(bronzeCount("binance")).isEqualTo(summary.published(Exchange.BINANCE));
        assertThat(bronzeCount("kraken")).isEqualTo(summary.published(Exchange.KRAKEN));
        assertThat(summary.total(OutboundMessage.Kind.DUPLICATE)).isPositive();
        assertThat(summary.total(OutboundMessage.Kind.LATE)).isPositive();

        // Exact values: the sums of the published prices and quantities, copies included.
        Map<String, BigDecimal> expected = new TreeMap<>();
        List<Trade> published = new ArrayList<>(trades.values());
        published.addAll(duplicates);
        for (Trade t : published) {
            String column = t.instrument().exchange().id() + " " + t.instrument().exchangeSymbol();
            expected.merge(column + " price", ExpectedBars.price(t), BigDecimal::add);
            expected.merge(column + " quantity", ExpectedBars.quantity(t), BigDecimal::add);
        }
        Map<String, BigDecimal> actual = new TreeMap<>();
        for (String[] row : clickHouse.rows("SELECT 'binance', symbol, toString(sum(price)), toString(sum(quantity)) FROM "
                + database + ".bronze_trades_binance WHERE " + ourDay() + " GROUP BY symbol UNION ALL "
                + "SELECT 'kraken', symbol, toString(sum(price)), toString(sum(qty)) FROM " + database
                + ".bronze_trades_kraken WHERE " + ourDay() + " GROUP BY symbol")) {
            actual.put(row[0] + " " + row[1] + " price", new BigDecimal(row[2]));
            actual.put(row[0] + " " + row[1] + " quantity", new BigDecimal(row[3]));
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualByComparingTo(v));
    }

    @Test
    void silverIsTheDeduplicatedBronze() {
        Map<String, long[]> expected = new TreeMap<>();
        Map<String, BigDecimal> expectedQuantity = new TreeMap<>();
        for (Trade t : trades.values()) {
            String key = t.instrument().exchange().id() + " " + t.instrument().pair().canonical() + " "
                    + t.instrument().exchangeSymbol();
            expected.computeIfAbsent(key, k -> new long[1])[0]++;
            expectedQuantity.merge(key, ExpectedBars.quantity(t), BigDecimal::add);
        }
        Map<String, long[]> actual = new TreeMap<>();
        Map<String, BigDecimal> actualQuantity = new TreeMap<>();
        for (String[] row : clickHouse.rows("SELECT exchange, symbol, exchange_symbol, count(), toString(sum(quantity)) FROM "
                + database + ".silver_trades FINAL WHERE " + ourDay() + " GROUP BY exchange, symbol, exchange_symbol")) {
            String key = row[0] + " " + row[1] + " " + row[2];
            actual.put(key, new long[] {Long.parseLong(row[3])});
            actualQuantity.put(key, new BigDecimal(row[4]));
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)[0]).as(k + " trades").isEqualTo(v[0]));
        expectedQuantity.forEach((k, v) -> assertThat(actualQuantity.get(k)).as(k + " quantity").isEqualByComparingTo(v));

        // The same, computed inside ClickHouse: silver FINAL against bronze reduced to one row per trade.
        assertThat(clickHouse.number("SELECT count() FROM " + database + ".silver_trades FINAL WHERE " + ourDay()))
                .isEqualTo(clickHouse.number("SELECT count() FROM (SELECT symbol, trade_id FROM " + database
                        + ".bronze_trades_binance WHERE " + ourDay() + " GROUP BY symbol, trade_id) ")
                        + clickHouse.number("SELECT count() FROM (SELECT symbol, trade_id FROM " + database
                        + ".bronze_trades_kraken WHERE " + ourDay() + " GROUP BY symbol, trade_id)"));
    }

    @Test
    void silverKeepsTheEarliestCopyWithBronzesIngestionTime() {
        // Each silver trade carries the ingested_at of the first copy bronze received.
        long mismatches = clickHouse.number("SELECT count() FROM (SELECT exchange_symbol AS symbol, trade_id, ingested_at "
                + "FROM " + database + ".silver_trades FINAL WHERE exchange = 'binance' AND " + ourDay() + ") "
                + "ANY INNER JOIN (SELECT symbol, trade_id, min(ingested_at) AS first_ingested FROM " + database
                + ".bronze_trades_binance WHERE " + ourDay() + " GROUP BY symbol, trade_id) USING (symbol, trade_id) "
                + "WHERE ingested_at != first_ingested");
        assertThat(mismatches).isZero();
        // Windows on ingested_at read with FINAL split the trades without loss or repetition.
        long total = clickHouse.number("SELECT count() FROM " + database + ".silver_trades FINAL WHERE " + ourDay());
        String middle = clickHouse.rows("SELECT toString(quantileExact(0.5)(ingested_at)) FROM " + database
                + ".bronze_trades_binance WHERE " + ourDay()).get(0)[0];
        long upTo = clickHouse.number("SELECT count() FROM " + database + ".silver_trades FINAL WHERE " + ourDay()
                + " AND ingested_at <= toDateTime('" + middle + "')");
        long after = clickHouse.number("SELECT count() FROM " + database + ".silver_trades FINAL WHERE " + ourDay()
                + " AND ingested_at > toDateTime('" + middle + "')");
        assertThat(upTo + after).isEqualTo(total).isEqualTo(trades.size());
    }

    @Test
    void finalizedGoldBarsAgreeWithThePublishedTradesForEveryInterval() {
        for (Map.Entry<String, Long> interval : INTERVALS.entrySet()) {
            ExpectedBars expected = expectedBars(interval.getValue());
            Map<ExpectedBars.Key, String[]> actual = bars("gold_ohlcv_" + interval.getKey() + "_bars");
            assertThat(actual.keySet()).as(interval.getKey() + " buckets").isEqualTo(expected.bars().keySet());
            expected.bars().forEach((key, bar) -> {
                String[] row = actual.get(key);
                String what = interval.getKey() + " " + key;
                assertThat(new BigDecimal(row[2])).as(what + " open").isEqualByComparingTo(ExpectedBars.price(bar.open));
                assertThat(new BigDecimal(row[3])).as(what + " high").isEqualByComparingTo(bar.high);
                assertThat(new BigDecimal(row[4])).as(what + " low").isEqualByComparingTo(bar.low);
                assertThat(new BigDecimal(row[5])).as(what + " close").isEqualByComparingTo(ExpectedBars.price(bar.close));
                assertThat(new BigDecimal(row[6])).as(what + " volume").isEqualByComparingTo(bar.volume);
                assertThat(new BigDecimal(row[7])).as(what + " quote volume").isEqualByComparingTo(bar.quoteVolume);
                assertThat(new BigDecimal(row[8])).as(what + " vwap").isEqualByComparingTo(bar.vwap());
                assertThat(Long.parseLong(row[9])).as(what + " trade count").isEqualTo(bar.tradeCount);
            });
        }
    }

    @Test
    void liveGoldStatesDifferFromTheBarsOnlyByDuplicatesCountedTwice() {
        for (Map.Entry<String, Long> interval : INTERVALS.entrySet()) {
            ExpectedBars expected = expectedBars(interval.getValue());
            Map<ExpectedBars.Key, String[]> live = bars("gold_ohlcv_" + interval.getKey() + "_live");
            assertThat(live.keySet()).isEqualTo(expected.bars().keySet());
            expected.bars().forEach((key, bar) -> {
                String[] row = live.get(key);
                String what = interval.getKey() + " live " + key;
                assertThat(new BigDecimal(row[2])).as(what + " open").isEqualByComparingTo(ExpectedBars.price(bar.open));
                assertThat(new BigDecimal(row[3])).as(what + " high").isEqualByComparingTo(bar.high);
                assertThat(new BigDecimal(row[4])).as(what + " low").isEqualByComparingTo(bar.low);
                assertThat(new BigDecimal(row[5])).as(what + " close").isEqualByComparingTo(ExpectedBars.price(bar.close));
                long extra = Long.parseLong(row[9]) - bar.tradeCount;
                assertThat(extra).as(what + " trades counted twice").isBetween(0L, bar.duplicateCopies);
            });
        }
    }

    private ExpectedBars expectedBars(long seconds) {
        ExpectedBars expected = new ExpectedBars(seconds);
        trades.values().forEach(expected::add);
        duplicates.forEach(expected::addDuplicate);
        return expected;
    }

    /** symbol, bucket_start seconds, open, high, low, close, volume, quote_volume, vwap, trade_count, by key. */
    private Map<ExpectedBars.Key, String[]> bars(String view) {
        Map<ExpectedBars.Key, String[]> bars = new HashMap<>();
        for (String[] row : clickHouse.rows("SELECT symbol, toUInt32(bucket_start), toString(open), toString(high), "
                + "toString(low), toString(close), toString(volume), toString(quote_volume), toString(vwap), trade_count "
                + "FROM " + database + "." + view + " WHERE bucket_start >= toDateTime(" + dayStartUs / 1_000_000
                + ") AND bucket_start < toDateTime(" + dayEndUs / 1_000_000 + ") "
                + "SETTINGS enable_optimize_predicate_expression = 1")) {
            bars.put(new ExpectedBars.Key(row[0], Long.parseLong(row[1])), row);
        }
        return bars;
    }

    private String ourDay() {
        return "trade_time_us >= " + dayStartUs + " AND trade_time_us < " + dayEndUs;
    }

    private long bronzeCount(String exchange) {
        return clickHouse.number("SELECT count() FROM " + database + ".bronze_trades_" + exchange + " WHERE " + ourDay());
    }

    private void awaitBronze() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long expected = summary.total();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = bronzeCount("binance") + bronzeCount("kraken");
            if (seen >= expected) {
                // Bronze is written before the views of the same block run: give them a moment.
                Thread.sleep(2_000);
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bronze holds " + seen + " of the " + expected + " published messages after 3 minutes");
    }

    /** A random day in 2001–2020 that no bronze or silver partition covers yet. */
    private LocalDate unusedDay() {
        Set<String> used = new HashSet<>();
        for (String[] row : clickHouse.rows("SELECT DISTINCT partition FROM system.parts WHERE database = '" + database
                + "' AND table IN ('bronze_trades_binance', 'bronze_trades_kraken', 'silver_trades')")) {
            used.add(row[0]);
        }
        Random random = new Random();
        LocalDate first = LocalDate.of(2001, 1, 1);
        while (true) {
            LocalDate day = first.plusDays(random.nextInt(7300));
            if (!used.contains(day.toString().replace("-", ""))) {
                return day;
            }
        }
    }

    private void applyDdl() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("floe.repo.root", ".."));
        Path apply = root.resolve("deploy/clickhouse/apply");
        assertThat(apply).as("the reference DDL's apply script").isExecutable();
        ProcessBuilder builder = new ProcessBuilder(apply.toString()).redirectErrorStream(true);
        builder.environment().put("FLOE_CLICKHOUSE_DATABASE", database);
        builder.environment().put("FLOE_WARM_TOPIC_PREFIX", topicPrefix);
        builder.environment().put("FLOE_WARM_KAFKA_GROUP_PREFIX", database + "_bronze_");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("deploy/clickhouse/apply said:\n" + output).isZero();
        assertThat(output).contains("statements from");
    }

    /**
     * Waits until each exchange's Kafka table has its consumers in a stable group holding the topic's 4 partitions.
     * The consumers of a fresh table join one after the other; a rebalance while the first batches are in flight
     * re-delivers them (ClickHouse's Kafka engine is at least once), which the exact counts below would see as
     * duplicates (seen: 10,230 extra kraken rows when publishing right after the DDL).
     */
    private void awaitSettledConsumers() throws Exception {
        int consumers = Integer.parseInt(env("FLOE_WARM_KAFKA_CONSUMERS", "2"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (Exchange exchange : List.of(Exchange.BINANCE, Exchange.KRAKEN)) {
                String group = database + "_bronze_" + exchange.id();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                String last = "not described yet";
                while (true) {
                    var description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                            .get(30, TimeUnit.SECONDS);
                    int assigned = description.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                    last = description.groupState() + ", " + description.members().size() + " members, " + assigned
                            + " partitions";
                    if (description.groupState() == org.apache.kafka.common.GroupState.STABLE
                            && description.members().size() == consumers && assigned == 4) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("group " + group + " stable with " + consumers
                            + " members within 90 s; last seen: " + last).isLessThan(deadline);
                    Thread.sleep(250);
                }
            }
        }
    }

    private List<String> topics() {
        return List.of(topicPrefix + Exchange.BINANCE.id(), topicPrefix + Exchange.KRAKEN.id());
    }

    /** The test's trade topics, 4 partitions each like the stack's, before the DDL's Kafka tables subscribe. */
    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics().stream().map(topic -> new NewTopic(topic, 4, (short) 1)).toList()).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static String identity(Trade trade) {
        return trade.instrument().exchange().id() + " " + trade.instrument().exchangeSymbol() + " " + trade.tradeId();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
