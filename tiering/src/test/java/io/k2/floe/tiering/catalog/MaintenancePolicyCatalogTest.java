package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.k2.floe.tiering.catalog.Tables.bronze;
import static io.k2.floe.tiering.catalog.Tables.gold;
import static io.k2.floe.tiering.catalog.Tables.valid;
import static io.k2.floe.tiering.catalog.Tables.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Maintenance policies in the catalog: table over layer defaults over built-in defaults, each value checked. */
class MaintenancePolicyCatalogTest {

    private static List<CatalogProblem> problems(List<TableDefinition> definitions,
                                                 Map<String, Map<String, String>> layerDefaults) {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class,
                () -> TableCatalog.build(definitions, layerDefaults));
        assertThat(e).as("the catalog should have been refused").isNotNull();
        return e.problems();
    }

    /** Exactly one problem, on this table and field, saying {@code words}; the message names both. */
    private static void assertOnlyProblem(TableDefinition table, String field, String... words) {
        List<CatalogProblem> problems = problems(validWith(table), Map.of());
        assertThat(problems).hasSize(1);
        CatalogProblem p = problems.get(0);
        assertThat(p.table()).isEqualTo(table.id());
        assertThat(p.field()).isEqualTo(field);
        assertThat(p.detail()).contains(words);
        assertThat(p.toString()).contains("table '" + table.id() + "'", "field '" + field + "'",
                "floe.catalog.tables." + table.id() + "." + field);
    }

    @Test
    void withNothingConfiguredEachLayerHasItsBuiltInDefaults() {
        TableCatalog catalog = TableCatalog.build(valid());
        assertThat(catalog.get("bronze_a").maintenance()).isEqualTo(MaintenancePolicy.defaults(Layer.BRONZE));
        assertThat(catalog.get("silver").maintenance().warmRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(catalog.get("gold_1m").maintenance().warmRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(catalog.get("gold_1m").maintenance().closedAfter()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aTableOverridesItsLayerDefaultsWhichOverrideTheBuiltInOnes() {
        TableCatalog catalog = TableCatalog.build(
                validWith(bronze("bronze_a").maintenance("snapshot-max-age", "14d")
                        .maintenance("schedule", "0 0 2 * * ?").maintenance("orphan-min-age", "6h").build()),
                Map.of("bronze", Map.of("snapshot-max-age", "3d", "min-snapshots-to-keep", "10",
                        "max-manifests", "20")));

        MaintenancePolicy a = catalog.get("bronze_a").maintenance();
        assertThat(a.snapshotMaxAge()).isEqualTo(Duration.ofDays(14));        // table
        assertThat(a.minSnapshotsToKeep()).isEqualTo(10);                      // layer
        assertThat(a.maxManifests()).isEqualTo(20);                            // layer
        assertThat(a.schedule()).isEqualTo("0 0 2 * * ?");                     // table
        assertThat(a.orphanMinAge()).isEqualTo(Duration.ofHours(6));           // table
        assertThat(a.warmRetention()).isEqualTo(Duration.ofDays(7));           // built in

        MaintenancePolicy b = catalog.get("bronze_b").maintenance();
        assertThat(b.snapshotMaxAge()).isEqualTo(Duration.ofDays(3));
        assertThat(b.minSnapshotsToKeep()).isEqualTo(10);
        // other layers keep their own defaults
        assertThat(catalog.get("silver").maintenance()).isEqualTo(MaintenancePolicy.defaults(Layer.SILVER));
    }

    @Test
    void everyFieldCanBeSetPerTable() {
        TableDefinition.Builder b = bronze("bronze_a");
        Map<String, String> values = Map.ofEntries(Map.entry("target-file-size-bytes", "1000"),
                Map.entry("min-file-size-bytes", "600"), Map.entry("min-input-files", "2"),
                Map.entry("max-group-size-bytes", "5000"), Map.entry("closed-after", "30m"),
                Map.entry("snapshot-max-age", "2d"), Map.entry("min-snapshots-to-keep", "3"),
                Map.entry("orphan-min-age", "1h"), Map.entry("max-manifests", "4"),
                Map.entry("warm-retention", "9d"), Map.entry("retention-grace", "0s"),
                Map.entry("schedule", "0 15 * * * ?"), Map.entry("small-files-trigger", "6"),
                Map.entry("snapshots-trigger", "7"));
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(MaintenancePolicy.FIELDS);
        values.forEach(b::maintenance);

        MaintenancePolicy p = TableCatalog.build(validWith(b.build())).get("bronze_a").maintenance();
        assertThat(p).isEqualTo(new MaintenancePolicy(1000, 600, 2, 5000, Duration.ofMinutes(30), Duration.ofDays(2),
                3, Duration.ofHours(1), 4, Duration.ofDays(9), Duration.ZERO, "0 15 * * * ?", 6, 7));
    }

    @Test
    void aSmallerTargetBringsTheCandidateSizeDownWithItUnlessThatIsSetToo() {
        TableCatalog catalog = TableCatalog.build(
                validWith(bronze("bronze_a").maintenance("target-file-size-bytes", "8388608").build()),
                Map.of("gold", Map.of("target-file-size-bytes", "1000", "min-file-size-bytes", "100")));
        assertThat(catalog.get("bronze_a").maintenance().minFileSizeBytes()).isEqualTo(6291456); // 0.75 × 8 MiB
        assertThat(catalog.get("gold_1m").maintenance().minFileSizeBytes()).isEqualTo(100);
        assertThat(catalog.get("gold_1m").maintenance().targetFileSizeBytes()).isEqualTo(1000);
    }

    @Test
    void sizesMustBePositiveNumbersOfBytes() {
        assertOnlyProblem(bronze("bronze_a").maintenance("target-file-size-bytes", "0").build(),
                "maintenance.target-file-size-bytes", "'0' must be a positive number of bytes");
        assertOnlyProblem(bronze("bronze_a").maintenance("max-group-size-bytes", "2GiB").build(),
                "maintenance.max-group-size-bytes", "cannot parse '2GiB'", "whole number of bytes");
    }

    @Test
    void theCandidateSizeMayNotExceedTheTarget() {
        assertOnlyProblem(bronze("bronze_a").maintenance("min-file-size-bytes", "200000000").build(),
                "maintenance.min-file-size-bytes", "minimum file size 200000000 is larger than the target file size 134217728");
        // when the table lowers the target below an inherited minimum, the target is what it got wrong
        List<CatalogProblem> problems = problems(
                validWith(bronze("bronze_a").maintenance("target-file-size-bytes", "1000").build()),
                Map.of("bronze", Map.of("min-file-size-bytes", "5000")));
        assertThat(problems).extracting(CatalogProblem::table, CatalogProblem::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bronze_a", "maintenance.target-file-size-bytes"));
    }

    @Test
    void aGroupMustHoldAtLeastOneTargetFile() {
        assertOnlyProblem(bronze("bronze_a").maintenance("max-group-size-bytes", "1048576").build(),
                "maintenance.max-group-size-bytes", "smaller than the target file size");
    }

    @Test
    void countsMustBeAtLeastOne() {
        for (String field : List.of("min-input-files", "min-snapshots-to-keep", "max-manifests", "small-files-trigger",
                "snapshots-trigger")) {
            assertOnlyProblem(bronze("bronze_a").maintenance(field, "0").build(), "maintenance." + field,
                    "'0' must be at least 1");
        }
        assertOnlyProblem(bronze("bronze_a").maintenance("max-manifests", "many").build(), "maintenance.max-manifests",
                "cannot parse 'many'");
    }

    @Test
    void durationsMustBePositiveAndReadable() {
        for (String field : List.of("snapshot-max-age", "warm-retention")) {
            assertOnlyProblem(bronze("bronze_a").maintenance(field, "0d").build(), "maintenance." + field,
                    "must be longer than zero");
        }
        assertOnlyProblem(bronze("bronze_a").maintenance("warm-retention", "a week").build(),
                "maintenance.warm-retention", "cannot parse 'a week'");
        assertOnlyProblem(bronze("bronze_a").maintenance("retention-grace", "-1h").build(),
                "maintenance.retention-grace", "negative");
        assertOnlyProblem(gold("gold_1m", "1m", "silver").maintenance("closed-after", "-1d").build(),
                "maintenance.closed-after", "negative");
    }

    @Test
    void theOrphanAgeGuardHasAFloorOfOneHour() {
        assertOnlyProblem(bronze("bronze_a").maintenance("orphan-min-age", "59m").build(),
                "maintenance.orphan-min-age", "'59m' is shorter than 1h");
    }

    @Test
    void theScheduleMustBeAQuartzCronExpression() {
        // five fields (Unix cron) is the likely mistake: the scheduler wants seconds first
        assertOnlyProblem(bronze("bronze_a").maintenance("schedule", "30 3 * * *").build(),
                "maintenance.schedule", "'30 3 * * *' is not a Quartz cron expression", "seconds first");
        assertOnlyProblem(bronze("bronze_a").maintenance("schedule", "0 61 3 * * ?").build(),
                "maintenance.schedule", "is not a Quartz cron expression");
    }

    @Test
    void anUnknownMaintenanceFieldIsNamed() {
        assertOnlyProblem(bronze("bronze_a").maintenance("snapshot-max-agee", "3d").build(),
                "maintenance.snapshot-max-agee", "unknown maintenance field", "snapshot-max-age");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        List<CatalogProblem> problems = problems(validWith(bronze("bronze_a")
                .maintenance("min-input-files", "0").maintenance("orphan-min-age", "5s")
                .maintenance("schedule", "daily").build()), Map.of());
        assertThat(problems).extracting(CatalogProblem::field).containsExactlyInAnyOrder(
                "maintenance.min-input-files", "maintenance.orphan-min-age", "maintenance.schedule");
    }

    @Test
    void badLayerDefaultsNameLayerAndField() {
        List<CatalogProblem> problems = problems(valid(), Map.of(
                "silver", Map.of("snapshot-max-age", "never"),
                "platinum", Map.of("snapshot-max-age", "3d")));
        assertThat(problems).extracting(CatalogProblem::toString).containsExactlyInAnyOrder(
                "catalog, field 'layer-defaults.platinum' (floe.catalog.layer-defaults.platinum): unknown layer "
                        + "'platinum'; allowed: bronze, silver, gold",
                "catalog, field 'layer-defaults.silver.snapshot-max-age' "
                        + "(floe.catalog.layer-defaults.silver.snapshot-max-age): cannot parse 'never'; "
                        + "write e.g. 30m, 12h, 7d or PT12H");
    }

    @Test
    void configuredAsPropertiesTheWayServicesReadThem() {
        TableCatalog catalog = TableCatalog.load(Map.of(
                "floe.catalog.tables.silver_trades.maintenance.warm-retention", "60d",
                "floe.catalog.layer-defaults.gold.snapshot-max-age", "2d"));
        assertThat(catalog.get("silver_trades").maintenance().warmRetention()).isEqualTo(Duration.ofDays(60));
        assertThat(catalog.get("gold_ohlcv_1h").maintenance().snapshotMaxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(catalog.get("bronze_trades_binance").maintenance().snapshotMaxAge()).isEqualTo(Duration.ofDays(7));
        // the shipped catalog sets every layer's target file size (FLOE_COLD_TARGET_FILE_SIZE_BYTES, 128 MiB)
        assertThat(catalog.tables()).allSatisfy(t -> {
            assertThat(t.maintenance().targetFileSizeBytes()).isEqualTo(MaintenancePolicy.DEFAULT_TARGET_FILE_SIZE);
            assertThat(t.maintenance().minFileSizeBytes()).isEqualTo(MaintenancePolicy.DEFAULT_TARGET_FILE_SIZE / 4 * 3);
        });
    }

    @Test
    void misspeltMaintenancePropertiesAreProblems() {
        InvalidCatalogException e = catchThrowableOfType(InvalidCatalogException.class, () -> TableCatalog.load(Map.of(
                "floe.catalog.tables.silver_trades.maintenance.retention", "60d",
                "floe.catalog.layer-defaults.gold.snapshot-age", "2d")));
        assertThat(e.problems()).extracting(CatalogProblem::property).containsExactlyInAnyOrder(
                "floe.catalog.layer-defaults.gold.snapshot-age",
                "floe.catalog.tables.silver_trades.maintenance.retention");
        assertThat(e.getMessage()).contains("unknown maintenance field", "warm-retention");
    }
}
