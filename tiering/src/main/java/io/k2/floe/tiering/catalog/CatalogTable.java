package io.k2.floe.tiering.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated table of the catalog. Every identifier in it contains only letters, digits and
 * underscores, so it can be put into SQL (quoted) without escaping surprises.
 *
 * @param id             table id, e.g. {@code bronze_trades_binance}
 * @param layer          bronze, silver or gold
 * @param warmTable      ClickHouse table holding the data (and the partitions retention drops)
 * @param warmRead       ClickHouse table or view the offload reads (equals {@code warmTable} unless configured)
 * @param coldTable      Iceberg identifier, always {@code cold.<name>}
 * @param partition      Iceberg time transform on {@code timeColumn}
 * @param clusterBy      sort columns within data files, most significant first
 * @param orderingColumn ingestion-ordered column offload windows are bounded on
 * @param timeColumn     event-time column
 * @param timeEncoding   how {@code timeColumn} encodes time in ClickHouse
 * @param keyColumns     columns that identify a row uniquely
 * @param dependsOn      ids of the upstream tables, in declared order
 * @param bucket         gold only: bar length
 * @param grace          gold: time after a bucket's end before its bar is final; {@link Duration#ZERO} otherwise
 * @param maintenance    compaction, expiry, orphan cleanup, warm retention and their schedule
 */
public record CatalogTable(
        String id,
        Layer layer,
        String warmTable,
        String warmRead,
        String coldTable,
        PartitionTransform partition,
        List<String> clusterBy,
        String orderingColumn,
        String timeColumn,
        TimeEncoding timeEncoding,
        List<String> keyColumns,
        List<String> dependsOn,
        Optional<Duration> bucket,
        Duration grace,
        MaintenancePolicy maintenance) {

    /** The namespace every cold table lives in. */
    public static final String COLD_NAMESPACE = "cold";

    /** The grace a gold table gets when none is configured. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);

    public CatalogTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(warmTable, "warmTable");
        Objects.requireNonNull(warmRead, "warmRead");
        Objects.requireNonNull(coldTable, "coldTable");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(orderingColumn, "orderingColumn");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(timeEncoding, "timeEncoding");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(maintenance, "maintenance");
        clusterBy = List.copyOf(clusterBy);
        keyColumns = List.copyOf(keyColumns);
        dependsOn = List.copyOf(dependsOn);
    }

    /** The Iceberg namespace, always {@value #COLD_NAMESPACE}. */
    public String coldNamespace() {
        return COLD_NAMESPACE;
    }

    /** The Iceberg table name without its namespace, e.g. {@code bronze_trades_binance}. */
    public String coldName() {
        return coldTable.substring(COLD_NAMESPACE.length() + 1);
    }

    /** Whether this is a gold table (bars that are offloaded only once final). */
    public boolean isGold() {
        return layer == Layer.GOLD;
    }

    /** Whether the table depends on nothing (bronze, fed by the exchanges). */
    public boolean isSource() {
        return dependsOn.isEmpty();
    }
}
