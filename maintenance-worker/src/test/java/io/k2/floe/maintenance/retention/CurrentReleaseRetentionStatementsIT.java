package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.ComparedWarmTier;
import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm retention's statements (which ClickHouse partition holds a cold partition's rows — {@code _part} of the rows,
 * {@code system.parts}, the time range of the partition's parts —, the partition's parts again before the drop, and
 * {@code ALTER TABLE … DROP PARTITION ID}, and for gold the bars of the partition from its aggregate states), sent by {@link WarmPartitions} for each of the nine catalog tables to the
 * local stack's ClickHouse 18.16 through a recorder, over the trades of {@link ComparedWarmTier} (with gold bars
 * derived from its silver trades). Checks what 18.16 answers; with {@code FLOE_COMPARE_DIR} set, leaves the recording for deploy/clickhouse/compare-current, which runs
 * the same statements on a current ClickHouse (part names are the engine's own: it compares the partitions they
 * belong to, and names its own parts of those partitions where Floe names 18.16's).
 */
class CurrentReleaseRetentionStatementsIT {

    /** The first day of {@link ComparedWarmTier#fill}'s trades. */
    private static final Instant DAY = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void retentionFindsAndDropsTheWarmPartitionOn1816() throws Exception {
        TableCatalog catalog = TableCatalog.load();
        try (ComparedWarmTier tier = ComparedWarmTier.create("retention", true);
             WarmSql admin = new WarmSql(WarmSql.httpFor(tier.database()))) {
            WarmColumns discovery = new WarmColumns(tier.http());
            WarmPartitions partitions = new WarmPartitions(tier.http());
            // the gold bars' latest ingestion: silver's last trade as the bars were derived (before any drop below)
            Instant lastTrade = Instant.ofEpochSecond(admin.number("SELECT toInt64(max(ingested_at)) FROM silver_trades FINAL"));
            for (CatalogTable table : catalog.tables()) {
                String id = table.id();
                String label = table.partition().labelOf(DAY);
                tier.label(new Label(id + ": columns (system.columns)", "columns", List.of("String", "String"), List.of(0), null));
                WarmColumn time = discovery.of(table).stream().filter(c -> c.name().equals(table.timeColumn()))
                        .findFirst().orElseThrow();

                tier.label(Label.of(id + ": the warm partition holding cold partition " + label, "warm-partitions"));
                WarmPartitions.Lookup lookup = partitions.find(table, time, label);
                // one ClickHouse partition per trade day (bronze, silver) or bar month (gold), holding only that
                assertThat(lookup).as(id).isInstanceOf(WarmPartitions.Found.class);
                WarmPartition found = ((WarmPartitions.Found) lookup).partition();
                String id16 = table.isGold() ? "202501" : "20250101";
                assertThat(found.id()).as(id).isEqualTo(id16);
                assertThat(found.parts()).as(id).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(id16 + "_"));
                if (table.isGold()) {
                    tier.label(Label.of(id + ": the bars of partition " + found.id() + " (count, last ingestion)",
                            "warm-partitions"));
                    WarmPartitions.Bars bars = partitions.bars(table, found);
                    String keys = String.join(", ", table.keyColumns());
                    assertThat(bars.count()).as(id + ": one bar per key")
                            .isPositive()
                            .isEqualTo(admin.number("SELECT count() FROM (SELECT " + keys + " FROM " + table.warmTable()
                                    + " GROUP BY " + keys + ")"));
                    assertThat(bars.lastIngested()).as(id + ": the latest ingestion of the month's trades").isEqualTo(lastTrade);
                }

                tier.label(Label.of(id + ": partition " + found.id() + "'s parts before the drop", "warm-partitions"));
                assertThat(partitions.current(table, found.id())).as(id).contains(found);
                tier.label(Label.of(id + ": drop partition " + found.id(), "warm-partitions"));
                partitions.drop(table, found.id());
                tier.label(Label.of(id + ": partition " + found.id() + " after the drop", "warm-partitions"));
                assertThat(partitions.current(table, found.id())).as(id + ": dropped").isEmpty();
                tier.label(Label.of(id + ": cold partition " + label + " after the drop", "warm-partitions"));
                assertThat(partitions.find(table, time, label)).as(id).isInstanceOf(WarmPartitions.Absent.class);
                if (table.isGold()) {
                    continue;
                }
                String next = table.partition().labelOf(DAY.plusSeconds(86_400));
                tier.label(Label.of(id + ": the next day " + next + " is still there", "warm-partitions"));
                assertThat(partitions.find(table, time, next)).as(id).isInstanceOf(WarmPartitions.Found.class);
            }
            assertThat(tier.statements()).allSatisfy(s -> assertThat(s.status()).as(s.label().name() + ": " + s.sql())
                    .isEqualTo(200));
            tier.write();
        }
    }
}
