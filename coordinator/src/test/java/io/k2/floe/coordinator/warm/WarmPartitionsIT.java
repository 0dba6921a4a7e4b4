package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm rows a repair precondition counts are the ones the repair will read: for a gold month, its silver table's
 * trades — not the gold table's own rows, which outlive silver's days (a repair would then have gone ahead with no
 * trade to read and emptied the cold month). Real ClickHouse, in a database of this test's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarmPartitionsIT {

    private static final String DATABASE = "floe_repair_rows_it_" + UUID.randomUUID().toString().substring(0, 8);
    /** 2026-11-01T00:00:00Z in epoch µs. */
    private static final long NOVEMBER_US = 1_793_491_200_000_000L;

    private WarmSql sql;
    private TableCatalog catalog;
    private WarmPartitions partitions;

    @BeforeAll
    void createTables() {
        try (WarmSql admin = WarmSql.fromEnvironment()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        ClickHouseHttp http = new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""), DATABASE,
                Duration.ofSeconds(5));
        sql = new WarmSql(http);
        sql.execute("CREATE TABLE trades (trade_id UInt64, trade_time_us Int64, ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))"
                + " ORDER BY trade_id");
        sql.execute("CREATE TABLE silver (trade_id UInt64, trade_time_us Int64, ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))"
                + " ORDER BY trade_id");
        sql.execute("CREATE TABLE gold (symbol String, bucket_start DateTime, ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMM(bucket_start) ORDER BY (symbol, bucket_start)");
        catalog = TableCatalog.build(List.of(
                TableDefinition.builder("trades").layer("bronze").warmTable("trades").coldTable("cold.trades")
                        .partition("day(trade_time_us)").clusterBy("trade_id").orderingColumn("ingested_at").timeColumn("trade_time_us")
                        .timeEncoding("epoch-micros").keyColumns("trade_id").build(),
                TableDefinition.builder("silver").layer("silver").warmTable("silver").coldTable("cold.silver")
                        .partition("day(trade_time_us)").clusterBy("trade_id").orderingColumn("ingested_at").timeColumn("trade_time_us")
                        .timeEncoding("epoch-micros").keyColumns("trade_id").dependsOn("trades").build(),
                TableDefinition.builder("gold").layer("gold").warmTable("gold").coldTable("cold.gold")
                        .partition("month(bucket_start)").clusterBy("symbol", "bucket_start").orderingColumn("ingested_at").timeColumn("bucket_start")
                        .keyColumns("symbol", "bucket_start").dependsOn("silver").bucket("1m").build()));
        partitions = new WarmPartitions(http, catalog);
    }

    @AfterAll
    void dropDatabase() {
        if (sql != null) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.close();
        }
    }

    @Test
    void aGoldMonthCountsTheSilverTradesItsRepairWouldRead() throws Exception {
        CatalogTable gold = catalog.get("gold");
        // the gold table still holds bars of November, but silver's November days are gone (retention)
        sql.execute("INSERT INTO gold VALUES ('BTCUSDT', '2026-11-03 10:00:00', now()),"
                + " ('BTCUSDT', '2026-11-03 10:01:00', now()), ('ETHUSDT', '2026-11-20 00:00:00', now())");
        sql.execute("INSERT INTO silver VALUES (1, " + (NOVEMBER_US - 1) + ", now())");
        assertThat(partitions.readBy(gold).id()).isEqualTo("silver");
        assertThat(partitions.rows(gold, "2026-11")).as("silver trades of November").isZero();
        assertThat(partitions.describe(gold, "2026-11")).startsWith(DATABASE + ".silver, trade_time_us in [");

        sql.execute("INSERT INTO silver VALUES (2, " + NOVEMBER_US + ", now()), (3, " + (NOVEMBER_US + 60_000_000L)
                + ", now())");
        assertThat(partitions.rows(gold, "2026-11")).isEqualTo(2);
        assertThat(partitions.rows(catalog.get("silver"), "2026-11-01")).as("silver counts itself").isEqualTo(2);
        assertThat(partitions.rows(catalog.get("trades"), "2026-11-01")).as("bronze counts itself").isZero();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
