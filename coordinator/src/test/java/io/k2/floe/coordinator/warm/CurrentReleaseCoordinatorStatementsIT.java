package io.k2.floe.coordinator.warm;

import io.k2.floe.coordinator.markers.FirstWindow;
import io.k2.floe.coordinator.markers.WarmRows;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.ComparedWarmTier;
import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.warm.WarmColumns;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's statements to the warm tier (partition labels from {@code system.parts}, a partition's rows, the
 * warm rows up to a marker, the first window's lower bound), sent by its own classes for each of the nine catalog
 * tables to the local stack's ClickHouse 18.16 through a recorder, over the trades of {@link ComparedWarmTier}. Checks
 * 18.16's answers against the trades; with {@code FLOE_COMPARE_DIR} set, leaves the recording for
 * deploy/clickhouse/compare-current, which runs the same statements on a current ClickHouse.
 */
class CurrentReleaseCoordinatorStatementsIT {

    private static final Instant MARKER = Instant.parse("2025-01-03T00:00:00Z");

    @Test
    void theCoordinatorsStatementsAnswerOn1816AsTheTradesSay() throws Exception {
        TableCatalog catalog = TableCatalog.load();
        try (ComparedWarmTier tier = ComparedWarmTier.create("coordinator")) {
            WarmPartitions partitions = new WarmPartitions(tier.http(), catalog);
            WarmRows warmRows = new WarmRows(tier.http(), new WarmColumns(tier.http()), catalog);
            FirstWindow firstWindow = new FirstWindow(tier.http(), catalog);
            for (CatalogTable table : catalog.tables()) {
                String id = table.id();
                String label = table.partition().labelOf(Instant.parse("2025-01-01T12:00:00Z"));
                tier.label(Label.of(id + ": partition labels (system.tables, system.parts)", "lines"));
                var labels = partitions.labels(table);
                tier.label(Label.of(id + ": rows of partition " + label, "lines"));
                long rows = partitions.rows(table, label);
                tier.label(Label.of(id + ": warm rows up to a marker (discovery, then count)", "lines"));
                long upTo = warmRows.upTo(id, MARKER);
                tier.label(Label.of(id + ": the first window's lower bound", "lines"));
                Instant lower = firstWindow.lowerBound(id, Instant.parse("2026-01-01T00:00:00Z"));

                assertThat(rows).as(id).isPositive();
                assertThat(upTo).as(id).isPositive();
                // the earliest ingestion, in the first minutes of the trades (the very first trade is a late one), less a second
                assertThat(lower).as(id).isBetween(Instant.parse("2025-01-01T00:00:01Z"), Instant.parse("2025-01-01T00:05:00Z"));
                if (!table.isGold()) {
                    assertThat(labels).as(id).containsExactlyInAnyOrder("2025-01-01", "2025-01-02");
                } else {
                    assertThat(labels).as(id + ": its aggregating table holds nothing here").isEmpty();
                }
            }
            assertThat(tier.statements()).allSatisfy(s -> assertThat(s.status()).as(s.label().name() + ": " + s.sql()).isEqualTo(200));
            tier.write();
        }
    }
}
