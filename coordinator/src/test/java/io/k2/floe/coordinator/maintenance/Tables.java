package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TimeEncoding;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Catalog tables for the unit tests: a silver day table and a gold month table that depends on it. */
final class Tables {

    static final CatalogTable SILVER = table("silver_trades", Layer.SILVER, PartitionTransform.Unit.DAY, List.of());
    static final CatalogTable GOLD = table("gold_ohlcv_1h", Layer.GOLD, PartitionTransform.Unit.MONTH,
            List.of("silver_trades"));

    private Tables() {
    }

    static CatalogTable table(String id, Layer layer, PartitionTransform.Unit unit, List<String> dependsOn) {
        return new CatalogTable(id, layer, id, id, CatalogTable.COLD_NAMESPACE + "." + id,
                new PartitionTransform(unit, "time_us"), List.of("time_us"), "ingested_at", "time_us",
                TimeEncoding.EPOCH_MICROS, List.of("id"), dependsOn, Optional.empty(), Duration.ZERO,
                MaintenancePolicy.defaults(layer));
    }
}
