package io.k2.floe.tiering.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as declared, before validation: every field is text exactly as configured ({@code null}
 * when not set). {@link TableCatalog#build} turns a set of these into checked {@link CatalogTable}s.
 * The builder makes declarations easy to write in tests and tools that do not use configuration.
 *
 * @param id             table id (the configuration key)
 * @param enabled        whether the table is part of the catalog
 * @param layer          {@code bronze|silver|gold}
 * @param warmTable      ClickHouse table holding the data
 * @param warmRead       ClickHouse table or view the offload reads; null = {@code warmTable}
 * @param coldTable      Iceberg identifier {@code cold.<name>}
 * @param partition      Iceberg time transform, e.g. {@code day(trade_time_us)}
 * @param clusterBy      sort columns within data files
 * @param orderingColumn ingestion-ordered column windows are bounded on
 * @param timeColumn     event-time column
 * @param timeEncoding   {@code datetime|epoch-micros|epoch-millis}; null = {@code datetime}
 * @param keyColumns     unique key columns
 * @param dependsOn      upstream table ids
 * @param bucket         gold bar length, e.g. {@code 5m}
 * @param grace          gold finalisation grace, e.g. {@code 2m}; null = 2m for gold
 * @param maintenance    maintenance fields set for this table by name ({@link MaintenancePolicy#FIELDS}), e.g.
 *                       {@code snapshot-max-age -> 14d}; unset fields take the layer's defaults
 */
public record TableDefinition(
        String id,
        boolean enabled,
        String layer,
        String warmTable,
        String warmRead,
        String coldTable,
        String partition,
        List<String> clusterBy,
        String orderingColumn,
        String timeColumn,
        String timeEncoding,
        List<String> keyColumns,
        List<String> dependsOn,
        String bucket,
        String grace,
        Map<String, String> maintenance) {

    public TableDefinition {
        Objects.requireNonNull(id, "id");
        clusterBy = copy(clusterBy);
        keyColumns = copy(keyColumns);
        dependsOn = copy(dependsOn);
        maintenance = maintenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(maintenance));
    }

    /** A declaration without maintenance fields (the layer's defaults apply). */
    public TableDefinition(String id, boolean enabled, String layer, String warmTable, String warmRead,
                           String coldTable, String partition, List<String> clusterBy, String orderingColumn,
                           String timeColumn, String timeEncoding, List<String> keyColumns, List<String> dependsOn,
                           String bucket, String grace) {
        this(id, enabled, layer, warmTable, warmRead, coldTable, partition, clusterBy, orderingColumn, timeColumn,
                timeEncoding, keyColumns, dependsOn, bucket, grace, Map.of());
    }

    /** The fields {@code spec} sets, by name; unset ones are left out. */
    static Map<String, String> maintenanceTexts(CatalogConfig.MaintenanceSpec spec) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (spec == null) {
            return texts;
        }
        put(texts, "target-file-size-bytes", spec.targetFileSizeBytes());
        put(texts, "min-file-size-bytes", spec.minFileSizeBytes());
        put(texts, "min-input-files", spec.minInputFiles());
        put(texts, "max-group-size-bytes", spec.maxGroupSizeBytes());
        put(texts, "closed-after", spec.closedAfter());
        put(texts, "snapshot-max-age", spec.snapshotMaxAge());
        put(texts, "min-snapshots-to-keep", spec.minSnapshotsToKeep());
        put(texts, "orphan-min-age", spec.orphanMinAge());
        put(texts, "max-manifests", spec.maxManifests());
        put(texts, "warm-retention", spec.warmRetention());
        put(texts, "retention-grace", spec.retentionGrace());
        put(texts, "schedule", spec.schedule());
        put(texts, "small-files-trigger", spec.smallFilesTrigger());
        put(texts, "snapshots-trigger", spec.snapshotsTrigger());
        return texts;
    }

    private static void put(Map<String, String> texts, String field, Optional<String> value) {
        value.ifPresent(v -> texts.put(field, v));
    }

    private static List<String> copy(List<String> list) {
        // List.copyOf rejects null elements; a declaration may hold anything, validation reports it.
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** The declaration behind one configured table. */
    public static TableDefinition from(String id, CatalogConfig.TableSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new TableDefinition(id, spec.enabled(),
                spec.layer().orElse(null),
                spec.warmTable().orElse(null),
                spec.warmRead().orElse(null),
                spec.coldTable().orElse(null),
                spec.partition().orElse(null),
                spec.clusterBy().orElse(List.of()),
                spec.orderingColumn().orElse(null),
                spec.timeColumn().orElse(null),
                spec.timeEncoding().orElse(null),
                spec.keyColumns().orElse(List.of()),
                spec.dependsOn().orElse(List.of()),
                spec.bucket().orElse(null),
                spec.grace().orElse(null),
                maintenanceTexts(spec.maintenance()));
    }

    /** A builder for the table {@code id}, enabled, with nothing else set. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder pre-filled with this declaration. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.enabled = enabled;
        b.layer = layer;
        b.warmTable = warmTable;
        b.warmRead = warmRead;
        b.coldTable = coldTable;
        b.partition = partition;
        b.clusterBy = clusterBy;
        b.orderingColumn = orderingColumn;
        b.timeColumn = timeColumn;
        b.timeEncoding = timeEncoding;
        b.keyColumns = keyColumns;
        b.dependsOn = dependsOn;
        b.bucket = bucket;
        b.grace = grace;
        b.maintenance.putAll(maintenance);
        return b;
    }

    /** Fluent construction of a {@link TableDefinition}; unset fields stay null or empty. */
    public static final class Builder {
        private final String id;
        private boolean enabled = true;
        private String layer;
        private String warmTable;
        private String warmRead;
        private String coldTable;
        private String partition;
        private List<String> clusterBy = List.of();
        private String orderingColumn;
        private String timeColumn;
        private String timeEncoding;
        private List<String> keyColumns = List.of();
        private List<String> dependsOn = List.of();
        private String bucket;
        private String grace;
        private final Map<String, String> maintenance = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        public Builder enabled(boolean value) { this.enabled = value; return this; }
        public Builder layer(String value) { this.layer = value; return this; }
        public Builder warmTable(String value) { this.warmTable = value; return this; }
        public Builder warmRead(String value) { this.warmRead = value; return this; }
        public Builder coldTable(String value) { this.coldTable = value; return this; }
        public Builder partition(String value) { this.partition = value; return this; }
        public Builder clusterBy(String... columns) { this.clusterBy = Arrays.asList(columns); return this; }
        public Builder orderingColumn(String value) { this.orderingColumn = value; return this; }
        public Builder timeColumn(String value) { this.timeColumn = value; return this; }
        public Builder timeEncoding(String value) { this.timeEncoding = value; return this; }
        public Builder keyColumns(String... columns) { this.keyColumns = Arrays.asList(columns); return this; }
        public Builder dependsOn(String... ids) { this.dependsOn = Arrays.asList(ids); return this; }
        public Builder bucket(String value) { this.bucket = value; return this; }
        public Builder grace(String value) { this.grace = value; return this; }
        /** Sets one maintenance field by name, e.g. {@code maintenance("snapshot-max-age", "14d")}. */
        public Builder maintenance(String field, String value) { this.maintenance.put(field, value); return this; }

        public TableDefinition build() {
            return new TableDefinition(id, enabled, layer, warmTable, warmRead, coldTable, partition, clusterBy,
                    orderingColumn, timeColumn, timeEncoding, keyColumns, dependsOn, bucket, grace, maintenance);
        }
    }
}
