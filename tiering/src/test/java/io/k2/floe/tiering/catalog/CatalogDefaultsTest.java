package io.k2.floe.tiering.catalog;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The nine tables this module ships as configuration, read the way MicroProfile Config reads them. */
class CatalogDefaultsTest {

    private static final List<String> GOLD = List.of("1m", "5m", "15m", "30m", "1h", "1d");

    @Test
    void theNineTablesOfTheSpecification() {
        TableCatalog catalog = TableCatalog.load();
        assertThat(catalog.size()).isEqualTo(9);
        assertThat(catalog.topologicalLayers()).hasSize(3);
        assertThat(catalog.topologicalLayers().get(0)).extracting(CatalogTable::id)
                .containsExactly("bronze_trades_binance", "bronze_trades_kraken");
        assertThat(catalog.topologicalLayers().get(1)).extracting(CatalogTable::id).containsExactly("silver_trades");
        assertThat(catalog.topologicalLayers().get(2)).extracting(CatalogTable::id).containsExactlyInAnyOrder(
                GOLD.stream().map(i -> "gold_ohlcv_" + i).toArray(String[]::new));
    }

    @Test
    void bronzeTables() {
        TableCatalog catalog = TableCatalog.load();
        for (String exchange : List.of("binance", "kraken")) {
            CatalogTable t = catalog.get("bronze_trades_" + exchange);
            assertThat(t.layer()).isEqualTo(Layer.BRONZE);
            assertThat(t.warmTable()).isEqualTo("bronze_trades_" + exchange);
            assertThat(t.warmRead()).isEqualTo("bronze_trades_" + exchange);
            assertThat(t.coldTable()).isEqualTo("cold.bronze_trades_" + exchange);
            assertThat(t.partition()).isEqualTo(new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us"));
            assertThat(t.clusterBy()).containsExactly("symbol", "trade_time_us");
            assertThat(t.orderingColumn()).isEqualTo("ingested_at");
            assertThat(t.timeColumn()).isEqualTo("trade_time_us");
            assertThat(t.timeEncoding()).isEqualTo(TimeEncoding.EPOCH_MICROS);
            assertThat(t.keyColumns()).containsExactly("symbol", "trade_id");
            assertThat(t.dependsOn()).isEmpty();
            assertThat(t.bucket()).isEmpty();
        }
    }

    @Test
    void silverTable() {
        CatalogTable t = TableCatalog.load().get("silver_trades");
        assertThat(t.layer()).isEqualTo(Layer.SILVER);
        assertThat(t.warmRead()).isEqualTo("silver_trades");
        assertThat(t.coldTable()).isEqualTo("cold.silver_trades");
        assertThat(t.partition().toString()).isEqualTo("day(trade_time_us)");
        assertThat(t.keyColumns()).containsExactly("exchange", "symbol", "trade_id");
        assertThat(t.clusterBy()).containsExactly("symbol", "trade_time_us");
        assertThat(t.dependsOn()).containsExactly("bronze_trades_binance", "bronze_trades_kraken");
    }

    @Test
    void goldTables() {
        TableCatalog catalog = TableCatalog.load();
        for (String interval : GOLD) {
            CatalogTable t = catalog.get("gold_ohlcv_" + interval);
            assertThat(t.layer()).isEqualTo(Layer.GOLD);
            assertThat(t.warmTable()).isEqualTo("gold_ohlcv_" + interval);
            assertThat(t.warmRead()).isEqualTo("gold_ohlcv_" + interval + "_bars");
            assertThat(t.coldTable()).isEqualTo("cold.gold_ohlcv_" + interval);
            assertThat(t.partition().toString()).isEqualTo("month(bucket_start)");
            assertThat(t.clusterBy()).containsExactly("symbol", "bucket_start");
            assertThat(t.orderingColumn()).isEqualTo("ingested_at");
            assertThat(t.timeColumn()).isEqualTo("bucket_start");
            assertThat(t.timeEncoding()).isEqualTo(TimeEncoding.DATETIME);
            assertThat(t.keyColumns()).containsExactly("symbol", "bucket_start");
            assertThat(t.dependsOn()).containsExactly("silver_trades");
            assertThat(t.grace()).isEqualTo(Duration.ofMinutes(2));
            assertThat(Durations.format(t.bucket().orElseThrow())).isEqualTo(interval);
        }
    }

    @Test
    void aHigherSourceOverridesOneField() {
        TableCatalog catalog = TableCatalog.load(Map.of("floe.catalog.tables.gold_ohlcv_5m.grace", "30s"));
        assertThat(catalog.get("gold_ohlcv_5m").grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(catalog.get("gold_ohlcv_1m").grace()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anEmptyOverrideUnsetsAField() {
        TableCatalog catalog = TableCatalog.load(Map.of("floe.catalog.tables.gold_ohlcv_1h.warm-read", ""));
        assertThat(catalog.get("gold_ohlcv_1h").warmRead()).isEqualTo("gold_ohlcv_1h");
    }

    @Test
    void addingAnExchangeIsConfigurationOnly() {
        String p = "floe.catalog.tables.bronze_trades_coinbase.";
        TableCatalog catalog = TableCatalog.load(Map.ofEntries(
                Map.entry(p + "layer", "bronze"),
                Map.entry(p + "warm-table", "bronze_trades_coinbase"),
                Map.entry(p + "cold-table", "cold.bronze_trades_coinbase"),
                Map.entry(p + "partition", "day(trade_time_us)"),
                Map.entry(p + "cluster-by", "symbol,trade_time_us"),
                Map.entry(p + "ordering-column", "ingested_at"),
                Map.entry(p + "time-column", "trade_time_us"),
                Map.entry(p + "time-encoding", "epoch-micros"),
                Map.entry(p + "key-columns", "symbol,trade_id"),
                Map.entry("floe.catalog.tables.silver_trades.depends-on",
                        "bronze_trades_binance,bronze_trades_kraken,bronze_trades_coinbase")));
        assertThat(catalog.size()).isEqualTo(10);
        assertThat(catalog.upstreams("silver_trades")).extracting(CatalogTable::id)
                .containsExactly("bronze_trades_binance", "bronze_trades_coinbase", "bronze_trades_kraken");
    }

    @Test
    void addingAnIntervalIsConfigurationOnly() {
        String p = "floe.catalog.tables.gold_ohlcv_4h.";
        TableCatalog catalog = TableCatalog.load(Map.ofEntries(
                Map.entry(p + "layer", "gold"),
                Map.entry(p + "warm-table", "gold_ohlcv_4h"),
                Map.entry(p + "warm-read", "gold_ohlcv_4h_bars"),
                Map.entry(p + "cold-table", "cold.gold_ohlcv_4h"),
                Map.entry(p + "partition", "month(bucket_start)"),
                Map.entry(p + "cluster-by", "symbol,bucket_start"),
                Map.entry(p + "ordering-column", "ingested_at"),
                Map.entry(p + "time-column", "bucket_start"),
                Map.entry(p + "key-columns", "symbol,bucket_start"),
                Map.entry(p + "depends-on", "silver_trades"),
                Map.entry(p + "bucket", "4h")));
        assertThat(catalog.get("gold_ohlcv_4h").bucket()).contains(Duration.ofHours(4));
        assertThat(catalog.get("gold_ohlcv_4h").grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(catalog.downstreams("silver_trades")).hasSize(7);
    }

    @Test
    void disablingAnExchangeRequiresDroppingItFromSilver() {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class, () -> TableCatalog.load(
                Map.of("floe.catalog.tables.bronze_trades_kraken.enabled", "false")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("silver_trades");
            assertThat(p.field()).isEqualTo("depends-on");
            assertThat(p.detail()).contains("'bronze_trades_kraken', which is disabled");
        });

        TableCatalog catalog = TableCatalog.load(Map.of(
                "floe.catalog.tables.bronze_trades_kraken.enabled", "false",
                "floe.catalog.tables.silver_trades.depends-on", "bronze_trades_binance"));
        assertThat(catalog.size()).isEqualTo(8);
        assertThat(catalog.contains("bronze_trades_kraken")).isFalse();
    }

    @Test
    void aMisspeltFieldIsAProblemNotSilentlyIgnored() {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class, () -> TableCatalog.load(
                Map.of("floe.catalog.tables.gold_ohlcv_1m.grase", "5m",
                        "floe.catalog.table.x.layer", "gold")));
        assertThat(e.problems()).extracting(CatalogProblem::toString).containsExactly(
                "catalog, field 'table.x.layer' (floe.catalog.table.x.layer): unknown property floe.catalog.table.x.layer; "
                        + "tables are declared as floe.catalog.tables.<id>.<field>",
                "table 'gold_ohlcv_1m', field 'grase' (floe.catalog.tables.gold_ohlcv_1m.grase): unknown field; "
                        + "known fields: " + String.join(", ", TableCatalog.FIELDS));
    }

    @Test
    void configurationProblemsAreCollectedWithSpellingProblems() {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class, () -> TableCatalog.load(
                Map.of("floe.catalog.tables.gold_ohlcv_1m.bucket", "soon",
                        "floe.catalog.tables.silver_trades.dependson", "x")));
        assertThat(e.problems()).extracting(p -> p.table() + "/" + p.field())
                .containsExactly("gold_ohlcv_1m/bucket", "silver_trades/dependson");
    }

    @Test
    void environmentVariablesOverrideFieldsAndAreNotMistakenForMisspellings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(Map.of(
                        "FLOE_CATALOG_TABLES_GOLD_OHLCV_1M_GRACE", "45s",
                        "FLOE_CATALOG_TABLES_SILVER_TRADES_KEY_COLUMNS", "exchange,exchange_symbol,trade_id"), 300))
                .build();
        TableCatalog catalog = TableCatalog.fromConfig(config);
        assertThat(catalog.get("gold_ohlcv_1m").grace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(catalog.get("silver_trades").keyColumns()).containsExactly("exchange", "exchange_symbol", "trade_id");
    }

    /**
     * The services read the catalog through its config mapping: a layer's maintenance default and a table's policy
     * field set as environment variables (as deploy/local/run's demo policy does) reach every table of that layer.
     */
    @Test
    void environmentVariablesSetMaintenancePoliciesThroughTheServicesMapping() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withMapping(CatalogConfig.class)
                .withSources(new EnvConfigSource(Map.of(
                        "FLOE_CATALOG_LAYER_DEFAULTS_BRONZE_CLOSED_AFTER", "1m",
                        "FLOE_CATALOG_LAYER_DEFAULTS_BRONZE_SCHEDULE", "0 0/3 * * * ?",
                        "FLOE_CATALOG_LAYER_DEFAULTS_SILVER_WARM_RETENTION", "1m",
                        "FLOE_CATALOG_TABLES_GOLD_OHLCV_1M_MAINTENANCE_MIN_INPUT_FILES", "2"), 300))
                .build();
        TableCatalog catalog = TableCatalog.fromConfig(config.getConfigMapping(CatalogConfig.class));
        for (String bronze : List.of("bronze_trades_binance", "bronze_trades_kraken")) {
            assertThat(catalog.get(bronze).maintenance().closedAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(catalog.get(bronze).maintenance().schedule()).isEqualTo("0 0/3 * * * ?");
            assertThat(catalog.get(bronze).maintenance().warmRetention()).isEqualTo(Duration.ofDays(7));
        }
        assertThat(catalog.get("silver_trades").maintenance().warmRetention()).isEqualTo(Duration.ofMinutes(1));
        assertThat(catalog.get("gold_ohlcv_1m").maintenance().minInputFiles()).isEqualTo(2);
        assertThat(catalog.get("gold_ohlcv_5m").maintenance().minInputFiles()).isEqualTo(5);
        assertThat(catalog.get("gold_ohlcv_5m").maintenance().schedule()).isEqualTo(MaintenancePolicy.DEFAULT_SCHEDULE);
    }
}
