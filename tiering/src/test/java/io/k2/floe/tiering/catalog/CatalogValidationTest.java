package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.k2.floe.tiering.catalog.Tables.bronze;
import static io.k2.floe.tiering.catalog.Tables.gold;
import static io.k2.floe.tiering.catalog.Tables.silver;
import static io.k2.floe.tiering.catalog.Tables.valid;
import static io.k2.floe.tiering.catalog.Tables.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogValidationTest {

    /** Builds the catalog, expects it refused, and returns the problems. */
    private static List<CatalogProblem> problems(List<TableDefinition> definitions) {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class,
                () -> TableCatalog.build(definitions));
        assertThat(e).as("the catalog should have been refused").isNotNull();
        return e.problems();
    }

    /** Expects exactly one problem, on this table and field, whose text (and the exception's) says {@code words}. */
    private static void assertOnlyProblem(List<TableDefinition> definitions, String table, String field, String... words) {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class,
                () -> TableCatalog.build(definitions));
        assertThat(e).as("the catalog should have been refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        CatalogProblem p = e.problems().get(0);
        assertThat(p.table()).isEqualTo(table);
        assertThat(p.field()).isEqualTo(field);
        assertThat(p.detail()).contains(words);
        assertThat(e.getMessage()).contains("table '" + table + "'", "field '" + field + "'").contains(words);
    }

    @Test
    void aValidCatalogBuilds() {
        assertThat(TableCatalog.build(valid()).size()).isEqualTo(5);
    }

    @Test
    void unknownLayerIsNamedWithTheAllowedOnes() {
        assertOnlyProblem(validWith(bronze("bronze_a").layer("platinum").build()),
                "bronze_a", "layer", "unknown layer 'platinum'", "bronze, silver, gold");
    }

    @Test
    void layerIsCaseInsensitive() {
        TableCatalog c = TableCatalog.build(validWith(bronze("bronze_a").layer("Bronze").build()));
        assertThat(c.get("bronze_a").layer()).isEqualTo(Layer.BRONZE);
    }

    @Test
    void everyMissingRequiredFieldIsReportedAtOnce() {
        TableDefinition empty = TableDefinition.builder("bronze_a").build();
        List<CatalogProblem> problems = problems(validWith(empty));
        assertThat(problems).allMatch(p -> p.table().equals("bronze_a"));
        assertThat(problems).extracting(CatalogProblem::field).containsExactlyInAnyOrder(
                "layer", "warm-table", "cold-table", "ordering-column", "time-column", "partition",
                "cluster-by", "key-columns");
        assertThat(problems).allMatch(p -> p.detail().contains("is required but not set"));
    }

    @Test
    void blankCountsAsMissing() {
        assertOnlyProblem(validWith(bronze("bronze_a").warmTable("  ").build()),
                "bronze_a", "warm-table", "is required but not set");
    }

    @Test
    void identifiersAllowOnlyLettersDigitsAndUnderscores() {
        assertOnlyProblem(validWith(bronze("bronze_a").warmTable("bronze_a; DROP TABLE x").build()),
                "bronze_a", "warm-table", "'bronze_a; DROP TABLE x' is not an identifier");
        assertOnlyProblem(validWith(gold("gold_1m", "1m", "silver").warmRead("gold-1m-bars").build()),
                "gold_1m", "warm-read", "not an identifier");
        assertOnlyProblem(validWith(bronze("bronze_a").orderingColumn("ingested at").build()),
                "bronze_a", "ordering-column", "not an identifier");
        assertOnlyProblem(validWith(bronze("bronze_a").clusterBy("symbol", "`x`").build()),
                "bronze_a", "cluster-by", "'`x`' is not an identifier");
        assertOnlyProblem(validWith(bronze("bronze_a").keyColumns("trade.id").build()),
                "bronze_a", "key-columns", "'trade.id' is not an identifier");
    }

    @Test
    void tableIdMustBeAnIdentifier() {
        List<TableDefinition> tables = valid();
        tables.add(bronze("bronze-c").warmTable("bronze_c").coldTable("cold.bronze_c").build());
        assertOnlyProblem(tables, "bronze-c", "id", "table id 'bronze-c'");
    }

    @Test
    void timeColumnMustBeAnIdentifierAndPartitionIsNotBlamedForIt() {
        List<CatalogProblem> problems = problems(validWith(bronze("bronze_a").timeColumn("trade time").build()));
        assertThat(problems).extracting(CatalogProblem::field).containsExactly("time-column");
    }

    @Test
    void coldTableMustBeInTheColdNamespace() {
        assertOnlyProblem(validWith(bronze("bronze_a").coldTable("warm.bronze_a").build()),
                "bronze_a", "cold-table", "not in namespace 'cold'", "cold.<name>");
        assertOnlyProblem(validWith(bronze("bronze_a").coldTable("bronze_a").build()),
                "bronze_a", "cold-table", "not in namespace 'cold'");
        assertOnlyProblem(validWith(bronze("bronze_a").coldTable("cold.a.b").build()),
                "bronze_a", "cold-table", "only letters, digits and underscores");
        assertOnlyProblem(validWith(bronze("bronze_a").coldTable("cold.").build()),
                "bronze_a", "cold-table", "only letters, digits and underscores");
    }

    @Test
    void twoTablesWithTheSameColdTableAreBothNamed() {
        List<CatalogProblem> problems = problems(validWith(bronze("bronze_b").coldTable("cold.bronze_a").build()));
        assertThat(problems).extracting(CatalogProblem::table).containsExactly("bronze_a", "bronze_b");
        assertThat(problems).allMatch(p -> p.field().equals("cold-table") && p.detail().contains("'cold.bronze_a'"));
        assertThat(problems.get(0).detail()).contains("also the cold table of bronze_b");
    }

    @Test
    void unparsablePartitionTransform() {
        assertOnlyProblem(validWith(bronze("bronze_a").partition("week(trade_time_us)").build()),
                "bronze_a", "partition", "cannot parse 'week(trade_time_us)'", "day(<col>)");
        assertOnlyProblem(validWith(bronze("bronze_a").partition("day(trade_time_us").build()),
                "bronze_a", "partition", "cannot parse");
        assertOnlyProblem(validWith(bronze("bronze_a").partition("trade_time_us").build()),
                "bronze_a", "partition", "cannot parse");
    }

    @Test
    void partitionMustBeOnTheTimeColumn() {
        assertOnlyProblem(validWith(bronze("bronze_a").partition("day(ingested_at)").build()),
                "bronze_a", "partition", "column 'ingested_at'", "time column is 'trade_time_us'");
    }

    @Test
    void unknownTimeEncoding() {
        assertOnlyProblem(validWith(bronze("bronze_a").timeEncoding("epoch-nanos").build()),
                "bronze_a", "time-encoding", "unknown encoding 'epoch-nanos'", "epoch-micros");
    }

    @Test
    void duplicateAndEmptyColumnEntries() {
        assertOnlyProblem(validWith(bronze("bronze_a").clusterBy("symbol", "symbol").build()),
                "bronze_a", "cluster-by", "lists 'symbol' twice");
        assertOnlyProblem(validWith(bronze("bronze_a").keyColumns("trade_id", " ").build()),
                "bronze_a", "key-columns", "empty entry");
    }

    @Test
    void dependsOnAnUnknownTable() {
        assertOnlyProblem(validWith(silver("silver", "bronze_a", "bronze_x").build()),
                "silver", "depends-on", "unknown table 'bronze_x'", "known tables: bronze_a, bronze_b");
    }

    @Test
    void dependsOnADisabledTable() {
        List<TableDefinition> tables = validWith(bronze("bronze_b").enabled(false).build());
        assertOnlyProblem(tables, "silver", "depends-on", "'bronze_b', which is disabled");
    }

    @Test
    void disabledTablesAreLeftOutAndNotChecked() {
        List<TableDefinition> tables = validWith(TableDefinition.builder("bronze_b").enabled(false).layer("???").build());
        tables = new ArrayList<>(tables);
        tables.removeIf(t -> t.id().equals("silver"));
        tables.add(silver("silver", "bronze_a").build());
        TableCatalog catalog = TableCatalog.build(tables);
        assertThat(catalog.ids()).doesNotContain("bronze_b").contains("bronze_a", "silver");
    }

    @Test
    void dependsOnItselfOrTwice() {
        List<CatalogProblem> self = problems(validWith(silver("silver", "bronze_a", "silver").build()));
        assertThat(self).anyMatch(p -> p.table().equals("silver") && p.field().equals("depends-on")
                && p.detail().contains("depends on itself"));
        assertOnlyProblem(validWith(silver("silver", "bronze_a", "bronze_a").build()),
                "silver", "depends-on", "lists 'bronze_a' twice");
    }

    @Test
    void bronzeDependsOnNothing() {
        assertOnlyProblem(validWith(bronze("bronze_b").dependsOn("bronze_a").build()),
                "bronze_b", "depends-on", "depends on no table", "bronze_a");
    }

    @Test
    void silverDependsOnlyOnBronzeAndOnAtLeastOne() {
        assertOnlyProblem(validWith(silver("silver").build()),
                "silver", "depends-on", "must depend on at least one bronze table");
        List<TableDefinition> tables = valid();
        tables.add(silver("silver_2", "silver").build());
        assertOnlyProblem(tables, "silver_2", "depends-on", "only on bronze tables", "'silver' is silver");
    }

    @Test
    void goldDependsOnlyOnSilver() {
        assertOnlyProblem(validWith(gold("gold_1m", "1m", "bronze_a").build()),
                "gold_1m", "depends-on", "only on silver tables", "'bronze_a' is bronze");
        assertOnlyProblem(validWith(gold("gold_1m", "1m").build()),
                "gold_1m", "depends-on", "at least one silver table");
    }

    @Test
    void dependencyCycleIsNamedOnce() {
        List<TableDefinition> tables = valid();
        tables.add(silver("silver_x", "silver_y").build());
        tables.add(silver("silver_y", "silver_x").build());
        List<CatalogProblem> problems = problems(tables);
        assertThat(problems).filteredOn(p -> p.detail().startsWith("dependency cycle"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.table()).isEqualTo("silver_x");
                    assertThat(p.field()).isEqualTo("depends-on");
                    assertThat(p.detail()).isEqualTo("dependency cycle: silver_x -> silver_y -> silver_x");
                });
        // The same mistake also breaks the layer order, and each table says so.
        assertThat(problems).filteredOn(p -> p.detail().contains("only on bronze tables"))
                .extracting(CatalogProblem::table).containsExactly("silver_x", "silver_y");
    }

    @Test
    void longerCycleThroughLayers() {
        List<TableDefinition> tables = validWith(bronze("bronze_a").dependsOn("gold_1m").build());
        List<CatalogProblem> problems = problems(tables);
        assertThat(problems).anyMatch(p -> p.table().equals("bronze_a") && p.field().equals("depends-on")
                && p.detail().equals("dependency cycle: bronze_a -> gold_1m -> silver -> bronze_a"));
    }

    @Test
    void goldNeedsAValidBucket() {
        assertOnlyProblem(validWith(gold("gold_1m", null, "silver").build()),
                "gold_1m", "bucket", "is required", "1m, 15m, 1h, 1d");
        assertOnlyProblem(validWith(gold("gold_1m", "one minute", "silver").build()),
                "gold_1m", "bucket", "cannot parse 'one minute'");
        assertOnlyProblem(validWith(gold("gold_1m", "0m", "silver").build()),
                "gold_1m", "bucket", "longer than zero");
        assertOnlyProblem(validWith(gold("gold_1m", "-1m", "silver").build()),
                "gold_1m", "bucket", "longer than zero");
        assertOnlyProblem(validWith(gold("gold_1m", "PT0.5S", "silver").build()),
                "gold_1m", "bucket", "whole number of seconds");
    }

    @Test
    void bucketAcceptsShortAndIsoSpellings() {
        TableCatalog c = TableCatalog.build(validWith(gold("gold_1m", "PT5M", "silver").build()));
        assertThat(c.get("gold_1m").bucket()).contains(java.time.Duration.ofMinutes(5));
        assertThat(c.get("gold_1h").bucket()).contains(java.time.Duration.ofHours(1));
    }

    @Test
    void onlyGoldHasBucketOrGrace() {
        assertOnlyProblem(validWith(silver("silver", "bronze_a", "bronze_b").bucket("1m").build()),
                "silver", "bucket", "only gold tables have a bucket", "silver");
        assertOnlyProblem(validWith(bronze("bronze_a").grace("2m").build()),
                "bronze_a", "grace", "only gold tables have a grace period", "bronze");
    }

    @Test
    void graceDefaultsToTwoMinutesAndMustNotBeNegative() {
        TableCatalog c = TableCatalog.build(valid());
        assertThat(c.get("gold_1m").grace()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(c.get("silver").grace()).isZero();
        assertOnlyProblem(validWith(gold("gold_1m", "1m", "silver").grace("-30s").build()),
                "gold_1m", "grace", "'-30s' is negative");
        assertOnlyProblem(validWith(gold("gold_1m", "1m", "silver").grace("soon").build()),
                "gold_1m", "grace", "cannot parse 'soon'");
        TableCatalog zero = TableCatalog.build(validWith(gold("gold_1m", "1m", "silver").grace("0s").build()));
        assertThat(zero.get("gold_1m").grace()).isZero();
    }

    @Test
    void aTableDeclaredTwice() {
        List<TableDefinition> tables = valid();
        tables.add(bronze("bronze_a").build());
        List<CatalogProblem> problems = problems(tables);
        assertThat(problems).anyMatch(p -> p.table().equals("bronze_a") && p.field().equals("id")
                && p.detail().contains("declared twice"));
    }

    @Test
    void anEmptyCatalogIsRefused() {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class,
                () -> TableCatalog.build(List.of()));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("tables");
            assertThat(p.property()).isEqualTo("floe.catalog.tables");
        });
        assertThat(e.getMessage()).contains("no table is configured");
    }

    @Test
    void problemsAcrossTablesAreAllReportedInOneMessageOrderedByTable() {
        List<TableDefinition> tables = valid();
        tables.removeIf(t -> !t.id().equals("bronze_b") && !t.id().equals("silver"));
        tables.add(bronze("bronze_a").layer("copper").coldTable("bronze_a").build());
        tables.add(gold("gold_1m", "1 minute", "bronze_b").partition("month(ingested_at)").build());
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class,
                () -> TableCatalog.build(tables));
        assertThat(e.problems()).extracting(p -> p.table() + "/" + p.field()).containsExactly(
                "bronze_a/layer", "bronze_a/cold-table",
                "gold_1m/partition", "gold_1m/bucket", "gold_1m/depends-on");
        assertThat(e.getMessage()).startsWith("Invalid Floe table catalog (5 problems")
                .contains("table 'bronze_a', field 'layer' (floe.catalog.tables.bronze_a.layer): unknown layer 'copper'")
                .contains("floe.catalog.tables.gold_1m.bucket");
    }

    @Test
    void anInvalidCatalogChangesNothingAndCannotBeUsed() {
        assertThatThrownBy(() -> TableCatalog.build(validWith(bronze("bronze_a").layer("x").build())))
                .isInstanceOf(InvalidCatalogException.class)
                .isInstanceOf(IllegalStateException.class);
    }
}
