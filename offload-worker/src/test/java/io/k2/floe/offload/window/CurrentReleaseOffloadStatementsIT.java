package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.ComparedWarmTier;
import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseIdentifiers;
import io.k2.floe.tiering.warm.GoldBars;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import io.k2.floe.tiering.warm.figures.DecimalText;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offload worker's own statement beyond the window and partition reads (which {@code CurrentReleaseStatementsIT}
 * records): the repair guard's list of warm row keys, sent by {@link RepairGuard} for each of the nine catalog tables
 * over the repair's partition read, to the local stack's ClickHouse 18.16 through a recorder, over the trades of
 * {@link ComparedWarmTier}. Checks that 18.16 lists each key of the partition once, ascending; with
 * {@code FLOE_COMPARE_DIR} set, leaves the recording for deploy/clickhouse/compare-current, which runs the same
 * statements on a current ClickHouse.
 */
class CurrentReleaseOffloadStatementsIT {

    /** The marker's upper bound: every trade of {@link ComparedWarmTier#fill} has been offloaded by then. */
    private static final Instant UPPER = Instant.parse("2025-01-04T00:00:00Z");

    @Test
    void theRepairGuardsWarmKeysAnswerOn1816AsTheRowsSay() throws Exception {
        TableCatalog catalog = TableCatalog.load();
        try (ComparedWarmTier tier = ComparedWarmTier.create("offload");
             WarmSql admin = new WarmSql(WarmSql.httpFor(tier.database()))) {
            WarmColumns discovery = new WarmColumns(tier.http());
            RepairGuard guard = new RepairGuard(tier.http());
            tier.label(new Label("decimal text probe", "decimal-probe", List.of(), List.of(), "1.5"));
            assertThat(guard.decimalText()).isEqualTo(DecimalText.FULL_SCALE);
            for (CatalogTable table : catalog.tables()) {
                String id = table.id();
                tier.label(new Label(id + ": columns (system.columns)", "columns", List.of("String", "String"), List.of(0), null));
                List<WarmColumn> columns = discovery.of(table);
                tier.label(new Label(id + ": engine, FINAL or not (system.tables)", "rows", List.of("String", "String"), List.of(0), null));
                WarmWindowQuery query = new WarmWindowQuery(table, columns, discovery.needsFinal(table.warmRead()));
                String label = table.partition().labelOf(Instant.parse("2025-01-01T12:00:00Z"));
                // the partition read exactly as PartitionRepair builds it
                String repairSql = table.isGold() ? query.partition(label, UPPER, GoldBars.of(catalog, table))
                        : query.partition(label, UPPER);

                tier.label(Label.of(id + ": the repair guard's warm keys of partition " + label
                        + " (distinct key hashes, ascending)", "lines"));
                List<Long> keys = new ArrayList<>();
                // the hashes of the keys' text as 18.16 prints it, as the guard hashes them there
                RowChecksum hash = new RowChecksum(RepairGuard.keyColumns(table, columns), DecimalText.FULL_SCALE);
                guard.warmKeys(hash, repairSql, query.settings(), keys::add);

                String keyList = table.keyColumns().stream().map(ClickHouseIdentifiers::quote)
                        .collect(Collectors.joining(", "));
                long distinct = admin.number("SELECT count() FROM (SELECT DISTINCT " + keyList + " FROM (" + repairSql
                        + "))");
                assertThat(distinct).as(id + ": the partition holds rows").isPositive();
                assertThat(keys).as(id + ": one hash per distinct key of the partition read").hasSize((int) distinct)
                        .doesNotHaveDuplicates().isSorted();
            }
            assertThat(tier.statements()).allSatisfy(s -> assertThat(s.status()).as(s.label().name() + ": " + s.sql())
                    .isEqualTo(200));
            tier.write();
        }
    }
}
