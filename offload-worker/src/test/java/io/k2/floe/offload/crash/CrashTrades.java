package io.k2.floe.offload.crash;

import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.WarmSql;

import java.time.Instant;
import java.util.List;

/**
 * The crash test's warm table, {@code floe_crash.bronze_trades_binance} (same columns and engine as
 * {@code k2.bronze_trades_binance}, no Kafka feed), filled with {@code INSERT ... SELECT FROM numbers}.
 *
 * <p>Every row is numbered: row {@code n} is symbol {@code SYMBOLS[n % 5]}, trade id {@code FIRST_TRADE_ID + n / 5}
 * (unique per symbol), ingested at second {@code firstSecond + n / rowsPerSecond}; its trade time lies up to 2.5 days
 * before that (late trades included), so every window writes to three or four day partitions. Because a row's number
 * follows from its key, the test knows exactly which keys each window holds and can tell, for every cold row, whether
 * it belongs there ({@link #rowNumber}).
 */
final class CrashTrades {

    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT");
    static final long FIRST_TRADE_ID = 1_000_000_000L;
    /** Trade times spread over the 2.5 days before ingestion (microseconds). */
    private static final long SPREAD_MICROS = 216_000_000_000L;

    private final WarmSql sql;
    private final String table;
    private final long firstSecond;
    private final long rowsPerSecond;
    private final long secondsPerWindow;

    /**
     * @param firstSecond   ingestion second (epoch) of row 0; window 0's lower bound is the second before
     * @param rowsPerWindow rows in every window; a multiple of {@code secondsPerWindow}
     */
    CrashTrades(WarmSql sql, long firstSecond, long rowsPerWindow, long secondsPerWindow) {
        if (rowsPerWindow % secondsPerWindow != 0 || rowsPerWindow % SYMBOLS.size() != 0) {
            throw new IllegalArgumentException("rows per window must be a multiple of " + secondsPerWindow + " and "
                    + SYMBOLS.size());
        }
        this.sql = sql;
        this.table = CrashStack.WARM_DATABASE + ".bronze_trades_binance";
        this.firstSecond = firstSecond;
        this.rowsPerSecond = rowsPerWindow / secondsPerWindow;
        this.secondsPerWindow = secondsPerWindow;
    }

    /** (Re)creates the empty table with the columns of k2.bronze_trades_binance (deploy/clickhouse). */
    void create() {
        sql.execute("CREATE DATABASE IF NOT EXISTS " + CrashStack.WARM_DATABASE);
        sql.execute("DROP TABLE IF EXISTS " + table);
        sql.execute("CREATE TABLE " + table + " AS k2.bronze_trades_binance");
    }

    /** Drops the table and the test's database with it (nothing else lives there). */
    void drop() {
        sql.execute("DROP TABLE IF EXISTS " + table);
        sql.execute("DROP DATABASE IF EXISTS " + CrashStack.WARM_DATABASE);
    }

    long rowsPerWindow() {
        return rowsPerSecond * secondsPerWindow;
    }

    /** Window {@code k}: {@code (firstSecond + k*w - 1, firstSecond + (k+1)*w - 1]}, consecutive by construction. */
    Window window(int k) {
        long lower = firstSecond + k * secondsPerWindow - 1;
        return new Window(Instant.ofEpochSecond(lower), Instant.ofEpochSecond(lower + secondsPerWindow));
    }

    /** First row number of window {@code k}; the window holds rows {@code [firstRow(k), firstRow(k+1))}. */
    long firstRow(int k) {
        return k * rowsPerWindow();
    }

    /** Inserts the rows of window {@code k}. */
    void insertWindow(int k) {
        long from = firstRow(k);
        String symbols = SYMBOLS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        sql.execute("INSERT INTO " + table
                + " SELECT 'trade', trade_us + 1000 + n % 997, [" + symbols + "][n % " + SYMBOLS.size() + " + 1], "
                + FIRST_TRADE_ID + " + intDiv(n, " + SYMBOLS.size() + "),"
                + " toDecimal64(2000000 + n % 700001, 8) / 100, toDecimal64(1 + n % 2500, 8) / 10000,"
                + " trade_us, n % 2, 1, toDateTime(ingested)"
                + " FROM (SELECT n, ingested, ingested * 1000000 - toInt64(cityHash64(n) % " + SPREAD_MICROS + ") AS trade_us"
                + " FROM (SELECT number + " + from + " AS n, " + firstSecond + " + intDiv(n, " + rowsPerSecond + ") AS ingested"
                + " FROM numbers(" + rowsPerWindow() + ")))");
    }

    /** Warm rows with {@code lower < ingested_at <= upper}, counted by ClickHouse. */
    long warmCount(Instant lower, Instant upper) {
        return sql.number("SELECT count() FROM " + table + " WHERE ingested_at > toDateTime(" + lower.getEpochSecond()
                + ") AND ingested_at <= toDateTime(" + upper.getEpochSecond() + ")");
    }

    /**
     * The number of the row with this key, or -1 when no row of the table can have it (unknown symbol, trade id out of
     * range). Together with {@link #ingestedSecond} this identifies a cold row completely.
     */
    long rowNumber(String symbol, long tradeId) {
        int s = SYMBOLS.indexOf(symbol);
        if (s < 0 || tradeId < FIRST_TRADE_ID) {
            return -1;
        }
        return (tradeId - FIRST_TRADE_ID) * SYMBOLS.size() + s;
    }

    /** The ingestion second row {@code n} was given. */
    long ingestedSecond(long n) {
        return firstSecond + n / rowsPerSecond;
    }
}
