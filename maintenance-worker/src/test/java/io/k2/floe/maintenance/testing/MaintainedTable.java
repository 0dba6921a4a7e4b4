package io.k2.floe.maintenance.testing;

import io.k2.floe.maintenance.commands.MaintainedTables;
import io.k2.floe.maintenance.commands.MaintenanceMetrics;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.types.Types;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One bronze-like cold table of a test's own (its own Iceberg catalog name and warehouse prefix on the local stack's
 * PostgreSQL and S3, or a local directory), written the way the offload writes ({@link WindowWriter} and
 * {@link ColdCommitter} with markers), and read back whole with Iceberg's generic reader. Dropped, files and all, by
 * {@link #close()}.
 */
public final class MaintainedTable implements Closeable {

    public static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "symbol", Types.StringType.get()),
            Types.NestedField.required(2, "trade_id", Types.LongType.get()),
            Types.NestedField.required(3, "price", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(4, "trade_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(5, "ingested_at", Types.TimestampType.withZone()));
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final Instant FIRST_DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant W0 = Instant.parse("2026-03-10T00:00:00Z");

    private final ColdCatalogs catalogs;
    private final String warehouse;
    private final CatalogTable table;
    private final TableCatalog tableCatalog;
    private final Table cold;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MaintenanceMetrics metrics;
    private long nextTradeId = 1;
    private int windows;
    private final Map<Long, Integer> expectedKeys = new HashMap<>();

    private MaintainedTable(ColdCatalogs catalogs, String warehouse, String id) {
        this.catalogs = catalogs;
        this.warehouse = warehouse;
        this.tableCatalog = TableCatalog.build(List.of(TableDefinition.builder(id).layer("bronze").warmTable(id)
                .coldTable("cold." + id).partition("day(trade_time_us)").clusterBy("symbol", "trade_time_us")
                .orderingColumn("ingested_at").timeColumn("trade_time_us").timeEncoding("epoch-micros")
                .keyColumns("symbol", "trade_id").build()));
        this.table = tableCatalog.get(id);
        this.cold = new ColdTables(catalogs.catalog(), 64L * 1024 * 1024).createIfMissing(table, SCHEMA);
        this.metrics = new MaintenanceMetrics(registry, tableCatalog);
    }

    /** A table under {@code s3://<bucket>/it-<name>-<random>} in catalog {@code <name>_<random>}. */
    public static MaintainedTable onS3(String name) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String warehouse = "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-" + name.replace('_', '-') + "-" + run;
        return new MaintainedTable(LocalColdTier.open(name + "_" + run, warehouse), warehouse, "t_" + run);
    }

    /** A table in {@code directory} (a local-disk warehouse), in catalog {@code <name>_<random>}. */
    public static MaintainedTable onLocalDisk(String name, Path directory) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        IcebergCatalogConfig config = LocalColdTier.catalog(name + "_" + run, directory.toString());
        return new MaintainedTable(ColdCatalogs.open(config, LocalColdTier.objectStore()), directory.toString(),
                "t_" + run);
    }

    public CatalogTable table() {
        return table;
    }

    public TableCatalog catalog() {
        return tableCatalog;
    }

    /** The Iceberg table, refreshed. */
    public Table cold() {
        cold.refresh();
        return cold;
    }

    public MaintainedTables tables() {
        return new MaintainedTables(catalogs::catalog);
    }

    public MaintenanceMetrics metrics() {
        return metrics;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** A counter's value for this table (0 when it does not exist). */
    public double counter(String name, String... extraTags) {
        List<String> tags = new ArrayList<>(List.of("table", table.id()));
        tags.addAll(List.of(extraTags));
        var c = registry.find(name).tags(tags.toArray(String[]::new)).counter();
        return c == null ? 0 : c.count();
    }

    /** A command of {@code action} for this table with {@code options}. */
    public MaintenanceCommand command(MaintenanceAction action, Map<String, String> options) {
        return new MaintenanceCommand("cmd-" + UUID.randomUUID(), "run-it", table.id(), 1, action, List.of(), options,
                Instant.now());
    }

    /**
     * Writes {@code perSymbolPerDay} trades per symbol on each of {@code days} days (from 2026-03-01) through a window
     * writer and commits them as the next offload window, with its marker.
     */
    public WrittenFiles offloadWindow(int days, int perSymbolPerDay) {
        WrittenFiles files = writeUncommitted("window-" + windows, days, perSymbolPerDay, true);
        OffloadMarker marker = new OffloadMarker(W0.plusSeconds(3600L * windows), W0.plusSeconds(3600L * (windows + 1)),
                "cmd-" + windows, "run-it");
        ColdCommitter.commit(cold(), marker, files.dataFiles());
        windows++;
        return files;
    }

    /** The marker of the last window committed. */
    public OffloadMarker lastMarker() {
        return new OffloadMarker(W0.plusSeconds(3600L * (windows - 1)), W0.plusSeconds(3600L * windows),
                "cmd-" + (windows - 1), "run-it");
    }

    /**
     * Data files a window writer wrote and nobody committed: what an offload SIGKILLed before its commit leaves.
     * Their rows are not expected in the table.
     */
    public List<String> uncommittedWindow(String operation) {
        return writeUncommitted(operation, 1, 50, false).paths();
    }

    private WrittenFiles writeUncommitted(String operation, int days, int perSymbolPerDay, boolean expected) {
        try (WindowWriter writer = WindowWriter.open(cold(), operation + "-" + UUID.randomUUID().toString().substring(0, 6))) {
            Record template = GenericRecord.create(SCHEMA);
            long step = 86_400_000_000L / perSymbolPerDay;
            for (int day = 0; day < days; day++) {
                long dayStart = FIRST_DAY.plusSeconds(86_400L * day).toEpochMilli() * 1000;
                for (String symbol : SYMBOLS) {
                    for (int i = 0; i < perSymbolPerDay; i++) {
                        long id = nextTradeId++;
                        Record r = template.copy();
                        r.set(0, symbol);
                        r.set(1, id);
                        r.set(2, java.math.BigDecimal.valueOf(id, 2).setScale(8));
                        r.set(3, micros(dayStart + i * step + windows));
                        r.set(4, micros(W0.toEpochMilli() * 1000 + id));
                        writer.write(r);
                        if (expected) {
                            expectedKeys.merge(id, 1, Integer::sum);
                        }
                    }
                }
            }
            return writer.finish();
        }
    }

    private static OffsetDateTime micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
                .atOffset(ZoneOffset.UTC);
    }

    /**
     * Replaces every data file of the table's first day with one file of the same rows, as compaction does: the
     * replaced files stay referenced only by the snapshots before this one.
     *
     * @return the locations of the replaced files
     */
    public List<String> rewriteFirstDay() {
        Table t = cold();
        List<DataFile> old = new ArrayList<>();
        List<Record> rows = new ArrayList<>();
        try (var tasks = t.newScan().planFiles()) {
            for (var task : tasks) {
                String path = t.spec().partitionToPath(task.file().partition());
                if (path.endsWith("2026-03-01")) {
                    old.add(task.file());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (CloseableIterable<Record> all = IcebergGenerics.read(t).build()) {
            for (Record r : all) {
                OffsetDateTime at = (OffsetDateTime) r.getField("trade_time_us");
                if (at.toLocalDate().toString().equals("2026-03-01")) {
                    rows.add(r.copy());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(java.util.Comparator.comparing((Record r) -> (String) r.getField("symbol"))
                .thenComparing(r -> (OffsetDateTime) r.getField("trade_time_us")));
        WrittenFiles replacement;
        try (WindowWriter writer = WindowWriter.open(t, "rewrite-" + UUID.randomUUID().toString().substring(0, 6))) {
            rows.forEach(writer::write);
            replacement = writer.finish();
        }
        var rewrite = t.newRewrite();
        old.forEach(rewrite::deleteFile);
        replacement.dataFiles().forEach(rewrite::addFile);
        rewrite.commit();
        return old.stream().map(ContentFile::location).toList();
    }

    /** Every row's trade id, read back whole through Iceberg's generic reader; fails on a duplicate. */
    public Set<Long> readKeys() {
        Set<Long> keys = new LinkedHashSet<>();
        List<Long> duplicates = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(cold()).build()) {
            for (Record r : rows) {
                long id = (Long) r.getField("trade_id");
                if (!keys.add(id)) {
                    duplicates.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!duplicates.isEmpty()) {
            throw new AssertionError("duplicate rows in " + table.id() + ": " + duplicates);
        }
        return keys;
    }

    /** The trade ids committed, each once. */
    public Set<Long> expectedKeys() {
        return expectedKeys.keySet();
    }

    /**
     * Every file any snapshot still in the metadata references (manifest lists, manifests, data files), each checked
     * to exist; returns them.
     */
    public Set<String> filesOfEverySnapshot() {
        Table t = cold();
        Set<String> files = new LinkedHashSet<>();
        for (Snapshot s : t.snapshots()) {
            files.add(s.manifestListLocation());
            for (ManifestFile m : s.allManifests(t.io())) {
                files.add(m.path());
                if (m.content() == ManifestContent.DATA) {
                    try (var reader = ManifestFiles.read(m, t.io(), t.specs())) {
                        reader.forEach(f -> files.add(f.location()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return files;
    }

    public boolean exists(String location) {
        return cold.io().newInputFile(location).exists();
    }

    /** Writes a small file of junk at {@code relative} under the table's location; its location. */
    public String plant(String relative) {
        return plantAt(cold().location() + "/" + relative);
    }

    /** Writes a small file of junk at {@code location}; its location. */
    public String plantAt(String location) {
        OutputFile out = cold.io().newOutputFile(location);
        try (PositionOutputStream stream = out.createOrOverwrite()) {
            stream.write(("planted by a test at " + Instant.now()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return location;
    }

    public String warehouse() {
        return warehouse;
    }

    /** Drops the table with its files (purge), then whatever else is under the test's warehouse, and closes the catalog. */
    @Override
    public void close() {
        try {
            org.apache.iceberg.io.FileIO io = cold.io();
            catalogs.catalog().dropTable(ColdTables.identifier(table), true);
            ((org.apache.iceberg.catalog.SupportsNamespaces) catalogs.catalog())
                    .dropNamespace(org.apache.iceberg.catalog.Namespace.of(table.coldNamespace()));
            if (io instanceof org.apache.iceberg.io.SupportsPrefixOperations prefixes) {
                prefixes.deletePrefix(warehouse.endsWith("/") ? warehouse : warehouse + "/");
            }
        } finally {
            try {
                catalogs.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
