package io.k2.floe.maintenance.references;

import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every file a table's metadata references, by normalised location ({@link FileLocations}) with its kind: metadata
 * files (the current one and its log), statistics and partition-statistics files, and for each snapshot the metadata
 * holds (whatever ref reaches it: {@code main}, tags such as {@code floe-marker}, branches, or none yet expired) its
 * manifest list, its manifests and the data and delete files they list.
 *
 * <p>Complete or nothing: a manifest that cannot be read throws, so that no caller ever decides a file is unreferenced
 * from a partial set. Each manifest is read once, however many snapshots share it.
 */
public final class ReferencedFiles {

    /** The kinds, as {@code floe_maintenance_files_deleted_total}'s {@code kind} label names them. */
    public static final String DATA = "data";
    public static final String MANIFEST = "manifest";
    public static final String MANIFEST_LIST = "manifest_list";
    public static final String STATISTICS = "statistics";
    public static final String METADATA = "metadata";

    private final Map<String, String> kinds = new HashMap<>();
    private final Set<Long> snapshotsRead = new HashSet<>();
    private final Set<String> manifestsRead = new HashSet<>();

    private ReferencedFiles() {
    }

    /** Everything {@code table}'s current metadata references. */
    public static ReferencedFiles of(Table table) {
        ReferencedFiles files = new ReferencedFiles();
        files.addMetadata(table, current(table));
        return files;
    }

    /**
     * The files the given snapshots reference (manifest lists, manifests, data and delete files, their statistics),
     * without the table's metadata files.
     */
    public static ReferencedFiles ofSnapshots(Table table, Collection<Snapshot> snapshots) {
        ReferencedFiles files = new ReferencedFiles();
        TableMetadata metadata = current(table);
        for (Snapshot snapshot : snapshots) {
            files.addSnapshot(table.io(), metadata.specsById(), snapshot);
        }
        for (StatisticsFile stats : metadata.statisticsFiles()) {
            if (snapshots.stream().anyMatch(s -> s.snapshotId() == stats.snapshotId())) {
                files.add(stats.path(), STATISTICS);
            }
        }
        for (PartitionStatisticsFile stats : metadata.partitionStatisticsFiles()) {
            if (snapshots.stream().anyMatch(s -> s.snapshotId() == stats.snapshotId())) {
                files.add(stats.path(), STATISTICS);
            }
        }
        return files;
    }

    /**
     * Adds what {@code table}'s metadata references now, reading only snapshots not read before: called again after a
     * refresh, it takes in what was committed meanwhile.
     */
    public ReferencedFiles addCurrent(Table table) {
        addMetadata(table, current(table));
        return this;
    }

    private static TableMetadata current(Table table) {
        if (!(table instanceof HasTableOperations operations)) {
            throw new IllegalArgumentException("table " + table.name() + " does not expose its metadata");
        }
        return operations.operations().current();
    }

    private void addMetadata(Table table, TableMetadata metadata) {
        if (metadata.metadataFileLocation() != null) {
            add(metadata.metadataFileLocation(), METADATA);
        }
        for (TableMetadata.MetadataLogEntry previous : metadata.previousFiles()) {
            add(previous.file(), METADATA);
        }
        for (StatisticsFile stats : metadata.statisticsFiles()) {
            add(stats.path(), STATISTICS);
        }
        for (PartitionStatisticsFile stats : metadata.partitionStatisticsFiles()) {
            add(stats.path(), STATISTICS);
        }
        for (Snapshot snapshot : metadata.snapshots()) {
            addSnapshot(table.io(), metadata.specsById(), snapshot);
        }
    }

    private void addSnapshot(FileIO io, Map<Integer, PartitionSpec> specs, Snapshot snapshot) {
        if (!snapshotsRead.add(snapshot.snapshotId())) {
            return;
        }
        if (snapshot.manifestListLocation() != null) {
            add(snapshot.manifestListLocation(), MANIFEST_LIST);
        }
        for (ManifestFile manifest : snapshot.allManifests(io)) {
            add(manifest.path(), MANIFEST);
            if (manifestsRead.add(manifest.path())) {
                addContentFiles(io, specs, manifest);
            }
        }
    }

    private void addContentFiles(FileIO io, Map<Integer, PartitionSpec> specs, ManifestFile manifest) {
        try (CloseableIterable<? extends ContentFile<?>> files = manifest.content() == ManifestContent.DATA
                ? ManifestFiles.read(manifest, io, specs)
                : ManifestFiles.readDeleteManifest(manifest, io, specs)) {
            for (ContentFile<?> file : files) {
                add(file.location(), DATA);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
        }
    }

    private void add(String location, String kind) {
        kinds.putIfAbsent(FileLocations.normalize(location), kind);
    }

    /** Whether {@code location} (any spelling) is referenced. */
    public boolean contains(String location) {
        return kinds.containsKey(FileLocations.normalize(location));
    }

    /** The kind of a referenced file, or {@code other} when it is not referenced. */
    public String kindOf(String location) {
        return kinds.getOrDefault(FileLocations.normalize(location), "other");
    }

    /** The normalised locations, by kind. */
    public Map<String, String> byLocation() {
        return Map.copyOf(kinds);
    }

    /** How many files are referenced. */
    public int size() {
        return kinds.size();
    }

    /** The files referenced here and not in {@code other}, by normalised location, with their kind. */
    public Map<String, String> minus(ReferencedFiles other) {
        Map<String, String> only = new HashMap<>();
        kinds.forEach((location, kind) -> {
            if (!other.kinds.containsKey(location)) {
                only.put(location, kind);
            }
        });
        return only;
    }
}
