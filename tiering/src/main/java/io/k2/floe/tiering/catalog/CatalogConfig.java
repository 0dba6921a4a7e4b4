package io.k2.floe.tiering.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table catalog as configuration: {@code floe.catalog.tables.<table-id>.<field>=...}.
 *
 * <p>The nine tables of the K2 platform are declared in this module's
 * {@code META-INF/microprofile-config.properties} (lowest ordinal), so every service sees them and
 * any {@code application.properties}, system property or environment variable can override a field
 * or add a table. Fields are read as text and checked by {@link TableCatalog}, so that every problem
 * is reported at once with the table and field it concerns. An empty value counts as "not set".
 */
@ConfigMapping(prefix = "floe.catalog")
public interface CatalogConfig {

    /**
     * The tiered tables by table id (the map key, e.g. {@code bronze_trades_binance}; letters, digits
     * and underscores). Default: the nine tables of the K2 platform (two bronze, one silver, six gold).
     */
    Map<String, TableSpec> tables();

    /**
     * The maintenance defaults of each layer ({@code bronze}, {@code silver}, {@code gold}), each field overriding the
     * built-in default of {@link MaintenancePolicy#defaults(Layer)}; a table's own {@code maintenance.*} overrides
     * these in turn. Default: none set (the built-in defaults; tiering's properties set
     * {@code target-file-size-bytes} from {@code FLOE_COLD_TARGET_FILE_SIZE_BYTES}).
     */
    Map<String, MaintenanceSpec> layerDefaults();

    /** One table's declaration. */
    interface TableSpec {

        /**
         * Whether Floe tiers this table. A disabled table is left out of the catalog entirely (remove
         * it from its downstreams' {@code depends-on} too). Default {@code true}.
         */
        @WithDefault("true")
        boolean enabled();

        /** The layer: {@code bronze}, {@code silver} or {@code gold}. Required; no default. */
        Optional<String> layer();

        /**
         * The ClickHouse table (in the warm database) that holds the data and whose partitions
         * warm retention drops. Required; no default.
         */
        Optional<String> warmTable();

        /**
         * The ClickHouse table or view the offload reads, e.g. the finalized-bars view of a gold
         * table. Default: {@code warm-table}.
         */
        Optional<String> warmRead();

        /** The Iceberg table, {@code cold.<name>}. Required; no default. */
        Optional<String> coldTable();

        /**
         * The Iceberg partition transform on the time column: {@code hour(<col>)}, {@code day(<col>)},
         * {@code month(<col>)} or {@code year(<col>)}, where {@code <col>} is {@code time-column}.
         * Required; no default.
         */
        Optional<String> partition();

        /**
         * Comma-separated columns the rows are sorted by within data files (the Iceberg sort order),
         * most significant first, e.g. {@code symbol,trade_time_us}. Required; no default.
         */
        Optional<List<String>> clusterBy();

        /**
         * The ingestion-ordered column offload windows are bounded on (lower bound exclusive, upper
         * bound inclusive); a ClickHouse DateTime set when the row enters the warm tier. Required; no
         * default.
         */
        Optional<String> orderingColumn();

        /** The event-time column partitions and audits are based on. Required; no default. */
        Optional<String> timeColumn();

        /**
         * How the time column encodes time: {@code datetime} (Date/DateTime/DateTime64),
         * {@code epoch-micros} or {@code epoch-millis} (Int64 since the epoch, UTC).
         * Default {@code datetime}.
         */
        Optional<String> timeEncoding();

        /**
         * Comma-separated columns that identify a row uniquely; duplicate checks use them.
         * Required; no default.
         */
        Optional<List<String>> keyColumns();

        /**
         * Comma-separated ids of the tables this table is derived from: none for bronze, bronze
         * tables for silver, silver tables for gold. A downstream window never passes an upstream's
         * committed marker. Default: none.
         */
        Optional<List<String>> dependsOn();

        /**
         * Gold only, required there: the bar length, e.g. {@code 1m}, {@code 15m}, {@code 1h},
         * {@code 1d} (or ISO-8601 such as {@code PT5M}). No default.
         */
        Optional<String> bucket();

        /**
         * Gold only: how long after a bucket's end the bar is considered final and may be offloaded,
         * e.g. {@code 2m}. Must not be negative. Default {@code 2m}.
         */
        Optional<String> grace();

        /** How the table is maintained; every field defaults to the layer's ({@code layer-defaults}). */
        MaintenanceSpec maintenance();
    }

    /**
     * Maintenance fields (R-COMPACT, R-EXPIRE, R-RETENTION, docs/requirements.md), as text, checked by the catalog. Each unset field
     * takes the next level's value: table, then {@code layer-defaults.<layer>}, then the built-in default named here
     * (see {@link MaintenancePolicy} for what each field does).
     */
    interface MaintenanceSpec {

        /** Compaction's output file size and the offload's roll-over size, bytes. Default {@code 134217728} (128 MiB). */
        Optional<String> targetFileSizeBytes();

        /** Data files below this size are compaction candidates, bytes. Default 0.75 × the target (96 MiB). */
        Optional<String> minFileSizeBytes();

        /** Least candidates in a partition before it is compacted. Default {@code 5}. */
        Optional<String> minInputFiles();

        /** Most input bytes one compaction group (one commit) rewrites. Default {@code 2147483648} (2 GiB). */
        Optional<String> maxGroupSizeBytes();

        /** How long after a partition's end it counts as closed (compactable). Default {@code 1h}, gold {@code 1d}. */
        Optional<String> closedAfter();

        /** Snapshots older than this are expired. Default {@code 7d}. */
        Optional<String> snapshotMaxAge();

        /** Snapshots of {@code main} always kept, whatever their age. Default {@code 50}. */
        Optional<String> minSnapshotsToKeep();

        /** Unreferenced files younger than this are never removed; at least {@code 1h}. Default {@code 3d}. */
        Optional<String> orphanMinAge();

        /** Above this many manifests in the current snapshot, manifests are rewritten. Default {@code 100}. */
        Optional<String> maxManifests();

        /** Warm partitions older than this are dropped once verified. Default bronze {@code 7d}, silver {@code 30d}, gold {@code 400d}. */
        Optional<String> warmRetention();

        /** Past retention plus this, a partition that cannot be dropped raises RetentionBlocked. Default {@code 1d}. */
        Optional<String> retentionGrace();

        /** Quartz cron expression (seconds first) of the scheduled maintenance runs. Default {@code 0 30 3 * * ?}. */
        Optional<String> schedule();

        /** Maintenance also runs after an offload once a closed partition has more small files. Default {@code 48}. */
        Optional<String> smallFilesTrigger();

        /** Maintenance also runs after an offload once the table has more snapshots. Default {@code 500}. */
        Optional<String> snapshotsTrigger();
    }
}
