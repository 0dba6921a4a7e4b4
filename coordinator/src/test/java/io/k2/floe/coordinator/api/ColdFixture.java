package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.markers.MarkerReconciler;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brings a test-only table (OwnLedger.TEST_TABLES) into the state a repair needs, the way the services would: rows of
 * two days in its warm table, one window offloaded into its cold table as the offload worker does it (tiering's warm
 * reader, window writer and ColdCommitter, so the cold table holds the rows and a snapshot with the window's marker),
 * then the older day's warm partition dropped as retention drops it, and the marker read into the ledger from Iceberg
 * as the coordinator does at start-up. Once per table and coordinator start.
 */
@ApplicationScoped
public class ColdFixture {

    /** Rows per day. */
    static final int ROWS_PER_DAY = 3;

    /**
     * @param marker     the committed marker: rows ingested up to here are cold
     * @param keptDay    a partition both tiers hold
     * @param droppedDay a partition only the cold tier still holds
     */
    public record Offloaded(String table, Instant marker, String keptDay, String droppedDay) {
    }

    private final TableCatalog catalog;
    private final WarmColumns warmColumns;
    private final WarmReader warmReader;
    private final ColdTier coldTier;
    private final MarkerReconciler markers;
    private final Map<String, Offloaded> done = new ConcurrentHashMap<>();

    public ColdFixture(TableCatalog catalog, WarmColumns warmColumns, WarmReader warmReader, ColdTier coldTier,
                       MarkerReconciler markers) {
        this.catalog = catalog;
        this.warmColumns = warmColumns;
        this.warmReader = warmReader;
        this.coldTier = coldTier;
        this.markers = markers;
    }

    public Offloaded offloaded(String tableId) {
        return done.computeIfAbsent(tableId, this::prepare);
    }

    private Offloaded prepare(String tableId) {
        CatalogTable table = catalog.get(tableId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant ingested = now.minus(2, ChronoUnit.HOURS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate dropped = today.minusDays(3);
        LocalDate kept = today.minusDays(2);
        try (WarmSql warm = WarmSql.fromEnvironment()) {
            StringBuilder rows = new StringBuilder();
            long id = 0;
            for (LocalDate day : List.of(dropped, kept)) {
                for (int hour = 10; hour < 10 + ROWS_PER_DAY; hour++) {
                    long second = day.atTime(hour, 0).toEpochSecond(ZoneOffset.UTC);
                    rows.append(rows.isEmpty() ? "" : ", ").append('(').append(++id).append(", ")
                            .append(time(table, second)).append(", toDateTime(").append(ingested.getEpochSecond())
                            .append("))");
                }
            }
            warm.execute("INSERT INTO `" + warm.database() + "`.`" + table.warmTable() + "` (id, "
                    + table.timeColumn() + ", ingested_at) VALUES " + rows);

            Window window = new Window(now.minus(3, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS));
            assertThat(offload(table, window)).as("rows offloaded into cold." + tableId).isEqualTo(2L * ROWS_PER_DAY);

            warm.execute("ALTER TABLE `" + warm.database() + "`.`" + table.warmTable() + "` DROP PARTITION "
                    + dropped.format(DateTimeFormatter.BASIC_ISO_DATE));
            assertThat(markers.reconcile(tableId)).as("marker of " + tableId + " read from Iceberg")
                    .contains(window.upper());
            return new Offloaded(tableId, window.upper(), table.partition().labelOf(kept.atStartOfDay(ZoneOffset.UTC)
                    .toInstant()), table.partition().labelOf(dropped.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }

    /** The window's rows, read from the warm tier and committed with the window's marker, as the worker does. */
    private long offload(CatalogTable table, Window window) {
        try {
            List<WarmColumn> columns = warmColumns.of(table);
            WarmWindowQuery query = new WarmWindowQuery(table, columns, warmColumns.needsFinal(table.warmRead()));
            Table cold = coldTier.tables().createIfMissing(table, ColdSchemas.of(columns));
            String commandId = "it-fixture-" + UUID.randomUUID();
            try (WindowWriter writer = WindowWriter.open(cold, commandId)) {
                long rows = warmReader.read(query.window(window), query.settings(), columns,
                        new ColdRowSink(writer, cold.schema(), columns));
                WrittenFiles files = writer.finish();
                ColdCommitter.commit(cold, OffloadMarker.of(window, commandId, "it-fixture"), files.dataFiles());
                return rows;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value of the table's time column for {@code second}, as its time encoding spells it. */
    private static String time(CatalogTable table, long second) {
        return switch (table.timeEncoding()) {
            case EPOCH_MICROS -> Long.toString(second * 1_000_000L);
            case EPOCH_MILLIS -> Long.toString(second * 1_000L);
            case DATETIME -> "toDateTime(" + second + ")";
        };
    }
}
