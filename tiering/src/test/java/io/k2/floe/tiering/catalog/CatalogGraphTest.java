package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.k2.floe.tiering.catalog.Tables.bronze;
import static io.k2.floe.tiering.catalog.Tables.gold;
import static io.k2.floe.tiering.catalog.Tables.silver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogGraphTest {

    /** Declared out of order on purpose: the catalog orders by dependencies, not by declaration. */
    private final TableCatalog catalog = TableCatalog.build(List.of(
            gold("gold_1h", "1h", "silver").build(),
            silver("silver", "bronze_b", "bronze_a").build(),
            gold("gold_1m", "1m", "silver").build(),
            bronze("bronze_b").build(),
            bronze("bronze_a").build()));

    private static List<String> ids(List<CatalogTable> tables) {
        return tables.stream().map(CatalogTable::id).toList();
    }

    @Test
    void tablesComeInDependencyOrder() {
        assertThat(ids(catalog.tables())).containsExactly("bronze_a", "bronze_b", "silver", "gold_1h", "gold_1m");
        assertThat(catalog.ids()).containsExactly("bronze_a", "bronze_b", "silver", "gold_1h", "gold_1m");
    }

    @Test
    void topologicalLayersGroupWhatCanRunInParallel() {
        assertThat(catalog.topologicalLayers()).extracting(CatalogGraphTest::ids).containsExactly(
                List.of("bronze_a", "bronze_b"), List.of("silver"), List.of("gold_1h", "gold_1m"));
    }

    @Test
    void directUpstreamsAndDownstreams() {
        assertThat(ids(catalog.upstreams("silver"))).containsExactly("bronze_a", "bronze_b");
        assertThat(ids(catalog.upstreams("bronze_a"))).isEmpty();
        assertThat(ids(catalog.upstreams("gold_1m"))).containsExactly("silver");
        assertThat(ids(catalog.downstreams("bronze_a"))).containsExactly("silver");
        assertThat(ids(catalog.downstreams("silver"))).containsExactly("gold_1h", "gold_1m");
        assertThat(ids(catalog.downstreams("gold_1h"))).isEmpty();
    }

    @Test
    void transitiveUpstreamsAndDownstreams() {
        assertThat(ids(catalog.allUpstreams("gold_1m"))).containsExactly("bronze_a", "bronze_b", "silver");
        assertThat(ids(catalog.allDownstreams("bronze_b"))).containsExactly("silver", "gold_1h", "gold_1m");
        assertThat(ids(catalog.allDownstreams("gold_1m"))).isEmpty();
    }

    @Test
    void dependsOnKeepsTheDeclaredOrder() {
        assertThat(catalog.get("silver").dependsOn()).containsExactly("bronze_b", "bronze_a");
    }

    @Test
    void lookupsByIdColdTableAndLayer() {
        assertThat(catalog.find("silver")).map(CatalogTable::layer).contains(Layer.SILVER);
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThat(catalog.contains("gold_1m")).isTrue();
        assertThat(catalog.contains("gold_5m")).isFalse();
        assertThat(catalog.findByColdTable("cold.gold_1m")).map(CatalogTable::id).contains("gold_1m");
        assertThat(catalog.findByColdTable("gold_1m")).isEmpty();
        assertThat(ids(catalog.byLayer(Layer.GOLD))).containsExactly("gold_1h", "gold_1m");
        assertThat(ids(catalog.byLayer(Layer.BRONZE))).containsExactly("bronze_a", "bronze_b");
    }

    @Test
    void anUnknownTableIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> catalog.get("bronze_c"))
                .isInstanceOf(UnknownTableException.class)
                .hasMessage("unknown table 'bronze_c'; the catalog holds: bronze_a, bronze_b, silver, gold_1h, gold_1m");
        assertThatThrownBy(() -> catalog.upstreams("bronze_c")).isInstanceOf(UnknownTableException.class);
        assertThatThrownBy(() -> catalog.downstreams("bronze_c")).isInstanceOf(UnknownTableException.class);
        assertThatThrownBy(() -> catalog.allUpstreams("bronze_c")).isInstanceOf(UnknownTableException.class);
    }

    @Test
    void returnedCollectionsCannotChangeTheCatalog() {
        assertThatThrownBy(() -> catalog.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.downstreams("silver").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.topologicalLayers().get(0).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.get("silver").dependsOn().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void warmReadDefaultsToTheWarmTableAndColdNameSplits() {
        CatalogTable silver = catalog.get("silver");
        assertThat(silver.warmRead()).isEqualTo("silver");
        assertThat(silver.coldNamespace()).isEqualTo("cold");
        assertThat(silver.coldName()).isEqualTo("silver");
        assertThat(catalog.get("gold_1m").warmRead()).isEqualTo("gold_1m_bars");
        assertThat(catalog.get("gold_1m").timeEncoding()).isEqualTo(TimeEncoding.DATETIME);
        assertThat(catalog.get("silver").timeEncoding()).isEqualTo(TimeEncoding.EPOCH_MICROS);
    }

    @Test
    void describeNamesTheLayersForTheLog() {
        assertThat(catalog.describe())
                .isEqualTo("5 tables: [bronze_a, bronze_b] -> [silver] -> [gold_1h, gold_1m]");
    }
}
