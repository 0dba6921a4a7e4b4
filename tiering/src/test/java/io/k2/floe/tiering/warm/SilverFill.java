package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.testing.LocalStack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test data for {@link GoldWindowTimes}, not a test: a database of its own holding {@code silver_trades} and the gold
 * tables and views of deploy/clickhouse (000, 010 and 020, as {@code apply --print} renders them; no Kafka tables, so
 * nothing consumes the stack's topics), filled like the generator's feed at {@code rate} trades per second:
 * <ul>
 *   <li>{@code oldRows} trades spread over 3 days before {@code lower - 3 h}, ingested 2 s after their trade time;</li>
 *   <li>the 3 hours before {@code lower} at {@code rate} (the window's late trades reach back that far);</li>
 *   <li>a 15-minute slice of {@code 900 * rate} messages ingested in {@code (lower, lower + 15 min]}, 0.5 % of them
 *       late trades (log-uniform 2 min to 3 h old), 0.2 % repeats of one of the last 50 000 messages, inserted in
 *       blocks of 60 000 like the Kafka engine does, then 2 more minutes (ingested after the window).</li>
 * </ul>
 * Trades cycle through 10 symbols on 2 exchanges.
 */
final class SilverFill {

    private static final String COLUMNS = "exchange, symbol, exchange_symbol, trade_id, price, quantity, quote_quantity, "
            + "side, trade_time_us, ingested_at, dedup_version";
    private static final int BLOCK = 60_000;

    private SilverFill() {
    }

    /** Creates the objects (dropping an earlier {@code silver_trades} of the database) and inserts the trades. */
    static void fill(ClickHouseHttp admin, String database, Instant lower, int rate, long oldRows)
            throws IOException, InterruptedException {
        for (String statement : statements(database)) {
            run(admin, statement);
        }
        run(admin, "TRUNCATE TABLE " + database + ".silver_trades");
        long lowerSeconds = lower.getEpochSecond();
        long recentStart = lowerSeconds - 3 * 3600;
        long oldStart = recentStart - 3 * 86400;
        long stepOld = 3L * 86400 * 1_000_000 / oldRows;
        long step = 1_000_000L / rate;
        long recent = 3L * 3600 * rate;
        String table = database + ".silver_trades";
        System.out.printf("%s: %,d old trades from %s, %,d in the 3 h before %s%n", table, oldRows,
                Instant.ofEpochSecond(oldStart), recent, lower);
        run(admin, "INSERT INTO " + table + " (" + COLUMNS + ") " + row(oldStart + " * 1000000 + n * " + stepOld,
                "intDiv(" + oldStart + " * 1000000 + n * " + stepOld + ", 1000000) + 2")
                + " FROM (SELECT number AS n FROM numbers(" + oldRows + "))");
        for (long from = 0; from < recent; from += 2_000_000) {
            long n = Math.min(2_000_000, recent - from);
            String time = recentStart + " * 1000000 + (n - " + oldRows + ") * " + step;
            run(admin, "INSERT INTO " + table + " (" + COLUMNS + ") " + row(time, "intDiv(" + time + ", 1000000) + 2")
                    + " FROM (SELECT number + " + (oldRows + from) + " AS n FROM numbers(" + n + "))");
        }
        // message k of the feed from lower - 2 s on is ingested 2 s after its trade time: (lower, lower + 15 min]
        // holds messages 0 .. 900 * rate - 1; trade numbers go on from the recent ones
        long first = oldRows + recent;
        long total = (long) rate * (900 + 120);
        System.out.printf("slice: %,d messages ingested in (%s, %s], then %,d more%n", 900L * rate, lower,
                lower.plusSeconds(900), 120L * rate);
        String onTime = "toInt64((" + lowerSeconds + " - 2) * 1000000 + (n - " + first + " + 1) * " + step + ")";
        String late = "toInt64((" + lowerSeconds + " - 2) * 1000000 + (k + 1) * " + step
                + " - toInt64(exp(log(120) + (cityHash64(k) % 1000000) / 1000000 * log(90)) * 1000000))";
        for (long from = 0; from < total; from += BLOCK) {
            long n = Math.min(BLOCK, total - from);
            run(admin, "INSERT INTO " + table + " (" + COLUMNS + ") "
                    + row("if(kind = 1, " + late + ", " + onTime + ")",
                            lowerSeconds + " + intDiv((k + 1) * " + step + " - 1, 1000000) + 1")
                    + " FROM (SELECT number + " + from + " AS k,"
                    // every 200th message a late trade, every 500th a repeat of message k - back (back in 1 .. 50 000)
                    + " multiIf(k % 200 = 7, 1, k % 500 = 11, 2, 0) AS kind,"
                    + " toUInt64(k - least(k, toUInt64(exp((cityHash64(k) % 1000000) / 1000000 * log(50000))))) AS back_to,"
                    // a repeat repeats an on-time message
                    + " if(back_to % 200 = 7 OR back_to % 500 = 11, toUInt64(back_to - 1), back_to) AS original,"
                    + " toUInt64(" + first + " + if(kind = 2, original, k)) AS n"
                    + " FROM numbers(" + n + "))");
        }
        try (InputStream in = admin.query("SELECT count(), countIf(ingested_at > toDateTime(" + lowerSeconds
                + ") AND ingested_at <= toDateTime(" + (lowerSeconds + 900) + ")) FROM " + table + " FORMAT TSV")) {
            String[] counts = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\t");
            System.out.printf("%s: %s rows (copies not merged yet included), %s ingested in the window%n", table,
                    counts[0], counts[1]);
        }
    }

    /** One trade per {@code n}: its symbol, exchange, id and amounts are functions of {@code n}, so a repeat is equal. */
    private static String row(String tradeTimeMicros, String ingestedSeconds) {
        return "SELECT ['binance', 'kraken'][n % 2 + 1] AS exchange,"
                + " ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT', 'ADA/USDT', 'LINK/USDT', 'LTC/USDT',"
                + " 'BTC/USD', 'ETH/USD'][intDiv(n, 2) % 10 + 1] AS symbol,"
                + " replaceAll(symbol, '/', '') AS exchange_symbol,"
                + " toUInt64(n) AS trade_id,"
                + " toDecimal64(100 + (cityHash64(n) % 100000) / 1000, 8) AS price,"
                + " toDecimal64((cityHash64(n, 1) % 1000) / 10000 + 0.0001, 8) AS quantity,"
                + " toDecimal128(price * quantity, 16) AS quote_quantity,"
                + " if(n % 3 = 0, 'sell', 'buy') AS side,"
                + " toInt64(" + tradeTimeMicros + ") AS trade_time_us,"
                + " toDateTime(" + ingestedSeconds + ") AS ingested_at,"
                + " toUInt32(4294967295 - toUInt32(ingested_at)) AS dedup_version";
    }

    /** The statements of 000, 010 and 020 as {@code deploy/clickhouse/apply --print} renders them for {@code database}. */
    private static List<String> statements(String database) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(LocalStack.repoRoot().resolve("deploy/clickhouse/apply").toString(),
                "--print").redirectErrorStream(true);
        builder.environment().put("FLOE_CLICKHOUSE_DATABASE", database);
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("deploy/clickhouse/apply --print failed: " + text);
        }
        List<String> statements = new ArrayList<>();
        boolean wanted = false;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.matches("-- \\d{3}_.*\\.sql")) {
                wanted = line.matches("-- 0[0-2]\\d_.*");
            } else if (wanted && !line.strip().startsWith("--")) {
                statement.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    statements.add(statement.toString());
                    statement.setLength(0);
                }
            }
        }
        return statements;
    }

    private static void run(ClickHouseHttp http, String sql) throws IOException {
        try (InputStream in = http.query(sql)) {
            in.readAllBytes();
        }
    }
}
