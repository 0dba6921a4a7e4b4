package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.RowBytes;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import io.k2.floe.tiering.testing.WarmSql;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.k2.floe.tiering.warm.RecordingSink.NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 against the real ClickHouse 18.16 of the local stack (FLOE_CLICKHOUSE_URL, _USER, _PASSWORD, _DATABASE):
 * a warm table whose DDL gives columns a backtick, a backslash, a space, a semicolon, a keyword and an injection
 * attempt as names is read by the offload path (columns discovered from system.columns, the window query, the warm
 * reader) and audited (the checksum query), and both give the rows and figures its values call for. The table lives in
 * a database of its own, made and dropped by this run.
 */
class AwkwardColumnNamesIT {

    private static final String DATABASE = "floe_it_names_" + Long.toHexString(System.nanoTime());
    private static final CatalogTable TABLE = TableCatalog.load().get("bronze_trades_binance");
    private static final Window WINDOW = new Window(Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:15:00Z"));

    private static ClickHouseHttp admin;
    private static ClickHouseHttp http;

    @BeforeAll
    static void createTable() throws IOException {
        admin = WarmSql.httpFor(null);
        execute(admin, "CREATE DATABASE " + DATABASE);
        http = WarmSql.httpFor(DATABASE);
        // written by hand, not by the helper under test: the names as a DDL author would write them
        execute(http, "CREATE TABLE " + TABLE.warmRead() + " (symbol String, trade_id UInt64, trade_time_us Int64,"
                + " ingested_at DateTime, `a\\`b` String, `bid price` Float64, `select` Int32,"
                + " `semi;colon` Nullable(String), `back\\\\slash` UInt8, `x\\` FROM system.tables --` String)"
                + " ENGINE = MergeTree ORDER BY (symbol, trade_time_us)");
        execute(http, "INSERT INTO " + TABLE.warmRead() + " VALUES"
                + " ('BTC', 1, 1772359260123456, toDateTime(1772359500), 'it\\'s `tick`', 1.5, 7, NULL, 3, 'DROP'),"
                + " ('ETH', 2, 1772359320000000, toDateTime(1772359800), 'a;b', -2.25, -1, 'x', 0, ''),"
                // ingested after the window: a later window takes it
                + " ('BTC', 3, 1772360400000000, toDateTime(1772360400), '', 0, 0, NULL, 0, '')");
    }

    @AfterAll
    static void dropDatabase() throws IOException {
        try {
            if (admin != null) {
                execute(admin, "DROP DATABASE IF EXISTS " + DATABASE);
            }
        } finally {
            if (http != null) {
                http.close();
            }
            if (admin != null) {
                admin.close();
            }
        }
    }

    private static void execute(ClickHouseHttp on, String sql) throws IOException {
        try (InputStream in = on.query(sql)) {
            in.readAllBytes();
        }
    }

    /** The rows of the window, as the warm reader hands them over. */
    private static final List<List<Object>> IN_WINDOW = List.of(
            Arrays.asList("BTC", 1L, Instant.parse("2026-03-01T10:01:00.123456Z"), Instant.parse("2026-03-01T10:05:00Z"),
                    "it's `tick`", 1.5, 7, NULL, 3, "DROP"),
            Arrays.asList("ETH", 2L, Instant.parse("2026-03-01T10:02:00Z"), Instant.parse("2026-03-01T10:10:00Z"),
                    "a;b", -2.25, -1, "x", 0, ""));

    @Test
    void theOffloadPathDiscoversAndReadsEveryAwkwardColumn() throws IOException {
        WarmColumns warmColumns = new WarmColumns(http);
        List<WarmColumn> columns = warmColumns.of(TABLE);
        assertThat(columns).extracting(WarmColumn::name).containsExactly("symbol", "trade_id", "trade_time_us",
                "ingested_at", "a`b", "bid price", "select", "semi;colon", "back\\slash", "x` FROM system.tables --");
        WarmWindowQuery query = new WarmWindowQuery(TABLE, columns, warmColumns.needsFinal(TABLE.warmRead()));

        RecordingSink sink = new RecordingSink(columns.size());
        long rows = new WarmReader(http).read(query.window(WINDOW), query.settings(), columns, sink);

        assertThat(rows).isEqualTo(2);
        assertThat(sink.rows).isEqualTo(IN_WINDOW);
    }

    @Test
    void theAuditsChecksumQueryRunsAndAgreesWithTheValues() throws IOException {
        WarmColumns warmColumns = new WarmColumns(http);
        List<WarmColumn> columns = warmColumns.of(TABLE);
        WarmWindowQuery query = new WarmWindowQuery(TABLE, columns, warmColumns.needsFinal(TABLE.warmRead()));
        WarmFigures figures = new WarmFigures(http);
        RowChecksum checksum = new RowChecksum(columns, figures.decimalText());
        AuditSide side = new AuditSide(TABLE, checksum, columns.get(2), query, Optional.empty());

        PartitionFigures warm = figures.of(side, "2026-03-01", WINDOW.upper());

        // the same rows' checksum as the auditor computes it from cold values, independent of the SQL
        long sum = 0;
        RowBytes buffer = new RowBytes();
        for (List<Object> row : IN_WINDOW) {
            sum += checksum.coldRowHash(i -> coldValue(row.get(i)), buffer);
        }
        assertThat(warm).isEqualTo(new PartitionFigures(2, OptionalLong.of(1772359260123456L),
                OptionalLong.of(1772359320000000L), Optional.of(RowChecksum.text(sum))));
        assertThat(figures.of(side, "2026-03-01", Instant.parse("2026-03-01T10:30:00Z")).rows()).isEqualTo(3);
    }

    /** A value as Iceberg's generic reader returns it for the cold column. */
    private static Object coldValue(Object warm) {
        if (warm == NULL) {
            return null;
        }
        return warm instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : warm;
    }
}
