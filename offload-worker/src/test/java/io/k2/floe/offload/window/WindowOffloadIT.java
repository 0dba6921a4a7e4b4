package io.k2.floe.offload.window;

import io.k2.floe.generator.GenerateTrades;
import io.k2.floe.generator.GeneratorOptions;
import io.k2.floe.generator.PublishSummary;
import io.k2.floe.offload.OwnColdCatalog;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.OwnWarmTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.k2.floe.offload.window.OffloadTestSupport.ColdContent;
import static io.k2.floe.offload.window.OffloadTestSupport.awaitCompleted;
import static io.k2.floe.offload.window.OffloadTestSupport.awaitFailed;
import static io.k2.floe.offload.window.OffloadTestSupport.command;
import static io.k2.floe.offload.window.OffloadTestSupport.markerUpper;
import static io.k2.floe.offload.window.OffloadTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offload worker end to end on the real local stack: generator trades published to Kafka reach bronze, silver
 * and gold in ClickHouse (the reference DDL in a database of the test's own, fed from trade topics of its own:
 * nothing reaches the user's k2 database or topics); offload commands on the command topic move windows of all nine tables into Iceberg
 * (a catalog of the test's own); the cold tables then hold exactly the warm rows of the offloaded windows, with no
 * key twice. Warm counts are stated here in plain SQL, independently of the worker's query building.
 */
@QuarkusTest
@TestProfile(OwnColdCatalog.WithOwnWarmTier.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowOffloadIT {

    private static final int MESSAGES = 60_000;

    @Inject
    TableCatalog tables;
    @Inject
    ColdTier coldTier;

    /** The test's own warm database (OwnColdCatalog.WithOwnWarmTier), the one the worker reads. */
    private WarmSql warm;
    /** Its trade topics' prefix. */
    private String tradeTopicPrefix;
    private KafkaTestClient kafka;
    private Catalog catalog;
    /** Lower bound of every table's first window: nothing the test did not publish is ingested after it. */
    private Instant start;
    private LocalDate day;
    private PublishSummary published;
    private long publishedSoFar;

    @BeforeAll
    void publishTrades() throws Exception {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        String database = ConfigProvider.getConfig().getValue("floe.clickhouse.database", String.class);
        warm = new WarmSql(WarmSql.httpFor(database));
        tradeTopicPrefix = OwnWarmTier.topicPrefixOf(database);
        catalog = coldTier.catalog();
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        day = unusedDay();
        published = publish(day.atTime(6, 0).toInstant(ZoneOffset.UTC), MESSAGES, 0);
        awaitIngested(published.total());
        publishedSoFar = published.total();
    }

    @AfterAll
    void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (warm != null) {
            warm.close();
        }
    }

    @Test
    @Order(1)
    void everyTableIsOffloadedExactly() {
        Instant upper = settledUpper();
        Map<String, OffloadCommand> commands = new HashMap<>();
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            for (CatalogTable table : defaultTables()) {
                OffloadCommand command = command(table.id(), start, upper);
                commands.put(table.id(), command);
                send(kafka, command);
            }
            for (CatalogTable table : defaultTables()) {
                OffloadCommand command = commands.get(table.id());
                OffloadCompleted done = awaitCompleted(events, command);
                long expected = warmRows(table, start, upper);
                ColdContent cold = ColdContent.of(OffloadTestSupport.cold(catalog, table), table.keyColumns());
                OffloadTestSupport.Comparison compared = cold.against(warmKeys(table, start, upper));
                System.out.printf("%-22s warm %8d  cold %8d  duplicates %d  losses %d  files %d  bytes %d%n",
                        table.id(), expected, cold.rows(), compared.duplicates(), compared.losses(), done.dataFiles(),
                        done.bytes());
                assertThat(expected).as(table.id() + ": warm rows of the window").isPositive();
                assertThat(done.repeat()).isFalse();
                assertThat(done.rows()).as(table.id() + ": rows in the event").isEqualTo(expected);
                assertThat(done.partitions()).as(table.id() + ": partitions in the event")
                        .containsExactlyElementsOf(warmPartitions(table, start, upper))
                        .contains(table.partition().labelOf(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
                assertThat(cold.rows()).as(table.id() + ": cold rows").isEqualTo(expected);
                assertThat(compared.duplicates()).as(table.id() + ": duplicates").isZero();
                assertThat(compared.losses()).as(table.id() + ": losses").isZero();
                if (table.layer() != Layer.BRONZE) {
                    assertThat(cold.duplicates()).as(table.id() + ": keys held twice").isZero();
                }
                assertThat(done.marker().window()).isEqualTo(command.window());
                Table coldTable = OffloadTestSupport.cold(catalog, table);
                assertThat(done.snapshotId()).contains(coldTable.currentSnapshot().snapshotId());
                assertThat(coldTable.currentSnapshot().summary())
                        .containsEntry("floe.marker.command-id", command.commandId())
                        .containsEntry("floe.marker.run-id", command.runId());
                assertLayout(table, coldTable);
            }
        }
    }

    @Test
    @Order(2)
    void aRepeatedCommandOrWindowWritesNothing() {
        CatalogTable table = tables.get("bronze_trades_kraken");
        Instant lower = markerUpper(catalog, table).orElseThrow();
        Instant upper = settledUpper();
        OffloadCommand first = command(table.id(), lower, upper);
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            send(kafka, first);
            OffloadCompleted done = awaitCompleted(events, first);
            Table cold = OffloadTestSupport.cold(catalog, table);
            long snapshot = cold.currentSnapshot().snapshotId();
            long rows = ColdContent.of(cold, table.keyColumns()).rows();

            OffloadCommand retry = first.retry(2, Instant.now());
            send(kafka, retry);
            OffloadCompleted again = awaitCompleted(events, retry);
            assertThat(again.repeat()).isTrue();
            assertThat(again.rows()).isZero();
            assertThat(again.snapshotId()).isEqualTo(done.snapshotId());
            assertThat(again.partitions()).as("a repeat wrote into no partition").isEmpty();

            OffloadCommand sameWindow = command(table.id(), lower, upper);
            send(kafka, sameWindow);
            OffloadCompleted other = awaitCompleted(events, sameWindow);
            assertThat(other.repeat()).isTrue();
            assertThat(other.marker().commandId()).as("the marker of the commit that holds the window")
                    .isEqualTo(first.commandId());

            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(snapshot);
            assertThat(ColdContent.of(cold, table.keyColumns()).rows()).isEqualTo(rows);
        }
    }

    @Test
    @Order(3)
    void aWindowThatLeavesAGapOrGoesBackIsRefusedAndChangesNothing() {
        CatalogTable table = tables.get("bronze_trades_kraken");
        Instant marker = markerUpper(catalog, table).orElseThrow();
        Table cold = OffloadTestSupport.cold(catalog, table);
        long snapshot = cold.currentSnapshot().snapshotId();
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            OffloadCommand gap = command(table.id(), marker.plusSeconds(60), marker.plusSeconds(120));
            send(kafka, gap);
            TaskFailed gapAnswer = awaitFailed(events, gap);
            assertThat(gapAnswer.errorType()).isEqualTo(ErrorTypes.WINDOW_GAP);
            assertThat(gapAnswer.message()).contains(table.coldTable()).contains(marker.toString());
            assertThat(gapAnswer.uncommittedFiles()).isEmpty();

            OffloadCommand back = command(table.id(), marker.minusSeconds(30), marker.plusSeconds(30));
            send(kafka, back);
            TaskFailed backAnswer = awaitFailed(events, back);
            assertThat(backAnswer.errorType()).isEqualTo(ErrorTypes.WINDOW_REGRESSION);

            // a redelivered command whose window a later commit overtook: answered before anything is read, so that
            // the coordinator plans anew from the marker instead of the worker reading a window for nothing
            OffloadCommand overtaken = command(table.id(), marker.minusSeconds(120), marker.minusSeconds(60));
            send(kafka, overtaken);
            TaskFailed overtakenAnswer = awaitFailed(events, overtaken);
            assertThat(overtakenAnswer.errorType()).isEqualTo(ErrorTypes.WINDOW_REGRESSION);
            assertThat(overtakenAnswer.message()).contains(marker.toString());
            assertThat(overtakenAnswer.uncommittedFiles()).as("nothing was written").isEmpty();
        }
        cold.refresh();
        assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(markerUpper(catalog, table)).contains(marker);
    }

    @Test
    @Order(4)
    void successiveWindowsWhileTradesArriveLoseNothingAndPlaceLateTradesInTheirDay() throws Exception {
        List<CatalogTable> moving = List.of(tables.get("bronze_trades_binance"), tables.get("silver_trades"));
        Map<String, Instant> first = new HashMap<>();
        for (CatalogTable table : moving) {
            first.put(table.id(), markerUpper(catalog, table).orElseThrow());
        }
        // the generator keeps publishing while the windows are cut: trades of the test's day in small bursts, and once
        // a burst of late trades of the day before (old event time, new ingestion)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Long> publisher = CompletableFuture.supplyAsync(() -> {
            long sent = 0;
            for (int burst = 0; !stop.get() && burst < 200; burst++) {
                sent += publish(day.atTime(12, 0).plusMinutes(10L * burst).toInstant(ZoneOffset.UTC), 3_000, 0).total();
                if (burst == 1) {
                    sent += publish(day.minusDays(1).atTime(23, 0).toInstant(ZoneOffset.UTC), 1_500, 0).total();
                }
                // 18.16's Kafka engine writes a block when its consumer falls idle (or the block is full): pause
                pause(Duration.ofSeconds(4));
            }
            return sent;
        });
        List<Long> windowRows = new ArrayList<>();
        Map<String, Set<String>> named = new HashMap<>();
        int cutWhilePublishing = 0;
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            for (int window = 0; window < 3; window++) {
                // cut the window once new trades have been ingested after the previous one
                Instant previous = markerUpper(catalog, moving.get(0)).orElseThrow();
                awaitIngestedAfter(previous);
                Instant upper = settledUpper();
                cutWhilePublishing += publisher.isDone() ? 0 : 1;
                windowRows.add(offloadNext(events, moving, upper, named));
            }
            stop.set(true);
            long total = published.total() + publisher.get();
            publishedSoFar = total;
            awaitIngested(total);
            Instant last = settledUpper();
            windowRows.add(offloadNext(events, moving, last, named));
            System.out.println("rows per window while publishing (bronze binance + silver): " + windowRows);
            assertThat(windowRows.subList(0, 3)).as("windows cut while trades arrived").allMatch(n -> n > 0);
            assertThat(cutWhilePublishing).as("windows cut while the generator was publishing").isEqualTo(3);
            for (CatalogTable table : moving) {
                Table cold = OffloadTestSupport.cold(catalog, table);
                ColdContent content = ColdContent.of(cold, table.keyColumns());
                long expected = warmRows(table, start, last);
                OffloadTestSupport.Comparison compared = content.against(warmKeys(table, start, last));
                System.out.printf("%-22s after four windows: warm %d  cold %d  duplicates %d  losses %d%n", table.id(),
                        expected, content.rows(), compared.duplicates(), compared.losses());
                assertThat(content.rows()).as(table.id() + ": cold rows after four windows").isEqualTo(expected);
                assertThat(compared.duplicates()).as(table.id() + ": duplicates").isZero();
                assertThat(compared.losses()).as(table.id() + ": losses").isZero();
                long lateWarm = warm.number("SELECT count() FROM " + table.warmRead() + finalOf(table)
                        + " WHERE ingested_at > toDateTime(" + start.getEpochSecond() + ") AND ingested_at <= toDateTime("
                        + last.getEpochSecond() + ") AND toDate(toDateTime(intDiv(trade_time_us, 1000000))) = '"
                        + day.minusDays(1) + "'");
                assertThat(lateWarm).as(table.id() + ": late trades of the day before").isPositive();
                assertThat(coldRowsOfDay(cold, day.minusDays(1))).as(table.id() + ": rows in the day-before partition")
                        .isEqualTo(lateWarm);
                assertThat(named.get(table.id())).as(table.id() + ": partitions the four windows' events named")
                        .contains(day.minusDays(1).toString(), day.toString());
            }
        }
    }

    @Test
    @Order(5)
    void aRepairReplacesAGoldPartitionWithTheCorrectedBars() throws Exception {
        CatalogTable table = tables.get("gold_ohlcv_1h");
        // corrections: trades of the test's day that arrive after its bars were offloaded
        publishedSoFar += publish(day.atTime(6, 30).toInstant(ZoneOffset.UTC), 3_000, 0).total();
        awaitIngested(publishedSoFar);
        String month = day.toString().substring(0, 7);
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            // the next window takes only bars that are new; corrected bars are left to a repair
            Instant lower = markerUpper(catalog, table).orElseThrow();
            Instant upper = settledUpper();
            OffloadCommand window = command(table.id(), lower, upper);
            send(kafka, window);
            assertThat(awaitCompleted(events, window).rows()).isEqualTo(warmRows(table, lower, upper));
            long[] warmBefore = warmMonth(table, month, upper);
            long[] coldBefore = coldMonth(table, month);
            assertThat(coldBefore[0]).as("bars in the cold partition before the repair").isEqualTo(warmBefore[0]);
            assertThat(coldBefore[1]).as("trades counted by the cold bars before the repair").isLessThan(warmBefore[1]);

            OffloadCommand repair = new OffloadCommand("it-repair-" + java.util.UUID.randomUUID(), "run-repair", table.id(),
                    1, new io.k2.floe.tiering.messages.Window(upper.minusSeconds(1), upper),
                    io.k2.floe.tiering.messages.OffloadKind.REPAIR, java.util.Optional.of(month), Instant.now());
            send(kafka, repair);
            OffloadCompleted repaired = awaitCompleted(events, repair);
            assertThat(repaired.repeat()).isFalse();
            long[] coldAfter = coldMonth(table, month);
            System.out.printf("repair of %s %s: warm bars %d trades %d; cold before %d/%d, after %d/%d%n", table.id(),
                    month, warmBefore[0], warmBefore[1], coldBefore[0], coldBefore[1], coldAfter[0], coldAfter[1]);
            assertThat(coldAfter).as("cold bars and trade count after the repair").containsExactly(warmBefore);
            assertThat(repaired.rows()).isEqualTo(warmBefore[0]);
            assertThat(repaired.partitions()).as("a repair names the partition it replaced").containsExactly(month);
            Table cold = OffloadTestSupport.cold(catalog, table);
            ColdContent content = ColdContent.of(cold, table.keyColumns());
            assertThat(content.duplicates()).as("bars held twice").isZero();
            assertThat(markerUpper(catalog, table)).as("a repair does not move the marker").contains(upper);

            long snapshot = cold.currentSnapshot().snapshotId();
            OffloadCommand again = repair.retry(2, Instant.now());
            send(kafka, again);
            OffloadCompleted repeat = awaitCompleted(events, again);
            assertThat(repeat.repeat()).isTrue();
            assertThat(repeat.partitions()).isEmpty();
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        }
    }

    @Test
    @Order(6)
    void afterARepairAndAnExpiryOutsideFloeTheNextWindowIsExactlyOnceAndALostMarkerIsRefused() {
        CatalogTable table = tables.get("bronze_trades_kraken");
        String partition = table.partition().labelOf(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Instant lower = markerUpper(catalog, table).orElseThrow();
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            // a repair becomes the current snapshot; a tool that knows no Floe tag expires everything but it
            OffloadCompleted repaired = awaitCompleted(events, sendRepair(table, partition, lower));
            assertThat(repaired.repeat()).isFalse();
            Table cold = OffloadTestSupport.cold(catalog, table);
            cold.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();
            cold.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 60_000).retainLast(1).commit();
            cold.refresh();
            assertThat(MarkerHistory.ancestry(cold)).as("only the repair's snapshot is left").hasSize(1);
            assertThat(markerUpper(catalog, table)).as("the marker, from the table properties").contains(lower);

            Instant upper = settledUpper();
            OffloadCommand next = command(table.id(), lower, upper);
            send(kafka, next);
            OffloadCompleted done = awaitCompleted(events, next);
            long expected = warmRows(table, start, upper);
            ColdContent content = ColdContent.of(OffloadTestSupport.cold(catalog, table), table.keyColumns());
            OffloadTestSupport.Comparison compared = content.against(warmKeys(table, start, upper));
            System.out.printf("%s after a repair and an expiry: window rows %d, warm %d, cold %d, duplicates %d,"
                    + " losses %d%n", table.id(), done.rows(), expected, content.rows(), compared.duplicates(),
                    compared.losses());
            assertThat(done.repeat()).isFalse();
            assertThat(done.rows()).as("rows of the window after the expiry").isPositive()
                    .isEqualTo(warmRows(table, lower, upper));
            assertThat(content.rows()).isEqualTo(expected);
            assertThat(compared.duplicates()).as("duplicates").isZero();
            assertThat(compared.losses()).as("losses").isZero();

            // another repair, then tag and marker properties dropped and everything but the repair expired: lost
            awaitCompleted(events, sendRepair(table, partition, upper));
            cold.refresh();
            cold.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();
            UpdateProperties drop = cold.updateProperties();
            cold.properties().keySet().stream().filter(k -> k.startsWith(MarkerHistory.PROPERTY_PREFIX))
                    .forEach(drop::remove);
            drop.commit();
            cold.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 60_000).retainLast(1).commit();
            cold.refresh();
            long snapshot = cold.currentSnapshot().snapshotId();
            long rows = ColdContent.of(cold, table.keyColumns()).rows();
            // the next window, and a window from the very start (which would offload every row again): both refused
            for (OffloadCommand refused : List.of(command(table.id(), upper, settledUpper().plusSeconds(1)),
                    command(table.id(), start, upper))) {
                send(kafka, refused);
                TaskFailed answer = awaitFailed(events, refused);
                assertThat(answer.errorType()).isEqualTo(ErrorTypes.MARKER_LOST);
                assertThat(answer.message()).contains(table.coldTable(), Long.toString(snapshot), "Resetting a marker");
                assertThat(answer.uncommittedFiles()).as("refused before anything was written").isEmpty();
            }
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).as("nothing committed").isEqualTo(snapshot);
            assertThat(ColdContent.of(cold, table.keyColumns()).rows()).isEqualTo(rows);
        }
    }

    /** Sends a repair of {@code partition} up to {@code upper} (the table's marker) and returns it. */
    private OffloadCommand sendRepair(CatalogTable table, String partition, Instant upper) {
        OffloadCommand repair = new OffloadCommand("it-repair-" + java.util.UUID.randomUUID(), "run-repair", table.id(),
                1, new io.k2.floe.tiering.messages.Window(upper.minusSeconds(1), upper),
                io.k2.floe.tiering.messages.OffloadKind.REPAIR, java.util.Optional.of(partition), Instant.now());
        send(kafka, repair);
        return repair;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Bars and Σ trade_count of a gold month that windows up to {@code upper} have offloaded, warm side. */
    private long[] warmMonth(CatalogTable table, String month, Instant upper) {
        long closedAfter = table.bucket().orElseThrow().plus(table.grace()).toSeconds();
        String[] row = warm.rows("SELECT count(), sum(trade_count) FROM " + table.warmRead() + " WHERE toYYYYMM(bucket_start) = "
                + month.replace("-", "") + " AND toUInt32(bucket_start) + " + closedAfter + " <= " + upper.getEpochSecond()
                + " AND first_ingested_at <= toDateTime(" + upper.getEpochSecond() + ")").get(0);
        return new long[] {Long.parseLong(row[0]), Long.parseLong(row[1])};
    }

    private long[] coldMonth(CatalogTable table, String month) {
        Table cold = OffloadTestSupport.cold(catalog, table);
        cold.refresh();
        long bars = 0;
        long trades = 0;
        try (var records = org.apache.iceberg.data.IcebergGenerics.read(cold).build()) {
            for (var record : records) {
                java.time.OffsetDateTime start = (java.time.OffsetDateTime) record.getField("bucket_start");
                if (start.toString().startsWith(month)) {
                    bars++;
                    trades += ((Number) record.getField("trade_count")).longValue();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new long[] {bars, trades};
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Offloads the next window of each table; checks and collects the partitions each event names. */
    private long offloadNext(KafkaTestClient.Tail events, List<CatalogTable> moving, Instant upper,
                             Map<String, Set<String>> named) {
        long rows = 0;
        for (CatalogTable table : moving) {
            Instant lower = markerUpper(catalog, table).orElseThrow();
            if (!upper.isAfter(lower)) {
                continue;
            }
            OffloadCommand command = command(table.id(), lower, upper);
            send(kafka, command);
            OffloadCompleted done = awaitCompleted(events, command);
            assertThat(done.repeat()).isFalse();
            assertThat(done.partitions()).as(table.id() + ": partitions of window " + command.window())
                    .containsExactlyElementsOf(warmPartitions(table, lower, upper));
            named.computeIfAbsent(table.id(), t -> new HashSet<>()).addAll(done.partitions());
            rows += done.rows();
        }
        return rows;
    }

    private static long coldRowsOfDay(Table cold, LocalDate day) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long end = start + 86_400_000_000L;
        long rows = 0;
        try (var records = org.apache.iceberg.data.IcebergGenerics.read(cold)
                .where(org.apache.iceberg.expressions.Expressions.and(
                        org.apache.iceberg.expressions.Expressions.greaterThanOrEqual("trade_time_us", start),
                        org.apache.iceberg.expressions.Expressions.lessThan("trade_time_us", end)))
                .build()) {
            for (var record : records) {
                java.time.OffsetDateTime t = (java.time.OffsetDateTime) record.getField("trade_time_us");
                if (t.toLocalDate().equals(day)) {
                    rows++;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    private void assertLayout(CatalogTable table, Table cold) {
        String expectedSpec = table.partition().unit().icebergName() + "(" + table.partition().column() + ")";
        assertThat(cold.spec().fields()).hasSize(1);
        var field = cold.spec().fields().get(0);
        assertThat(field.transform().toString() + "(" + cold.schema().findColumnName(field.sourceId()) + ")")
                .isEqualTo(expectedSpec);
        assertThat(cold.sortOrder().fields()).extracting(f -> cold.schema().findColumnName(f.sourceId()))
                .containsExactlyElementsOf(table.clusterBy());
        assertThat(cold.properties()).containsEntry(TableProperties.PARQUET_COMPRESSION, "zstd")
                .containsEntry(TableProperties.PARQUET_COMPRESSION_LEVEL, "3");
        assertThat(cold.name()).endsWith("cold." + table.coldName());
        assertThat(cold.schema().findField(table.timeColumn()).type().toString()).isEqualTo("timestamptz");
    }

    /** How often each key occurs among the warm rows of the windows up to {@code upper}. */
    private Map<List<Object>, Integer> warmKeys(CatalogTable table, Instant lower, Instant upper) {
        List<String> keys = table.keyColumns().stream()
                .map(k -> k.equals("bucket_start") ? "toInt64(toUInt32(bucket_start)) * 1000000" : "`" + k + "`")
                .toList();
        String list = String.join(", ", keys);
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (String[] row : warm.rows("SELECT " + list + ", count() FROM " + table.warmRead() + finalOf(table)
                + " WHERE " + windowCondition(table, lower, upper) + " GROUP BY " + list)) {
            List<Object> key = new ArrayList<>(List.of((Object[]) java.util.Arrays.copyOf(row, row.length - 1)));
            counts.put(key, Integer.parseInt(row[row.length - 1]));
        }
        return counts;
    }

    /**
     * The labels of the partitions a window's warm rows fall into, in time order: the days of the trades, the months
     * of the bars (the catalog's default partitioning).
     */
    private List<String> warmPartitions(CatalogTable table, Instant lower, Instant upper) {
        boolean trades = table.layer() != Layer.GOLD;
        String partition = trades ? "toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))" : "toYYYYMM(bucket_start)";
        return warm.rows("SELECT DISTINCT " + partition + " AS p FROM " + table.warmRead() + finalOf(table) + " WHERE "
                + windowCondition(table, lower, upper) + " ORDER BY p").stream()
                .map(row -> trades ? row[0].substring(0, 4) + "-" + row[0].substring(4, 6) + "-" + row[0].substring(6)
                        : row[0].substring(0, 4) + "-" + row[0].substring(4))
                .toList();
    }

    /** The warm rows a window holds, in plain SQL. */
    private long warmRows(CatalogTable table, Instant lower, Instant upper) {
        return warm.number("SELECT count() FROM " + table.warmRead() + finalOf(table) + " WHERE "
                + windowCondition(table, lower, upper));
    }

    private static String windowCondition(CatalogTable table, Instant lower, Instant upper) {
        String l = "toDateTime(" + lower.getEpochSecond() + ")";
        String u = "toDateTime(" + upper.getEpochSecond() + ")";
        if (table.layer() != Layer.GOLD) {
            return "ingested_at > " + l + " AND ingested_at <= " + u;
        }
        // R-GOLD-FINAL: a bar belongs to the window in which it became final, i.e. both closed (bucket end + grace)
        // and first ingested by the upper bound, and not both already by the lower bound
        String closedAt = "(toUInt32(bucket_start) + " + table.bucket().orElseThrow().plus(table.grace()).toSeconds() + ")";
        return closedAt + " <= " + upper.getEpochSecond() + " AND first_ingested_at <= " + u
                + " AND (" + closedAt + " > " + lower.getEpochSecond() + " OR first_ingested_at > " + l + ")";
    }

    private static String finalOf(CatalogTable table) {
        return table.layer() == Layer.SILVER ? " FINAL" : "";
    }

    private List<CatalogTable> defaultTables() {
        return tables.tables().stream().filter(t -> !OwnColdCatalog.TEST_ONLY.contains(t.id())).toList();
    }

    /** An upper bound all published rows are ingested by: a second after now, waited out. */
    private static Instant settledUpper() {
        Instant upper = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return upper;
    }

    private PublishSummary publish(Instant marketStart, int messages, int rate) {
        GeneratorOptions options = GeneratorOptions.parse(List.of("--count", Integer.toString(messages),
                "--seed", Long.toString(new Random().nextLong()), "--market-rate", "50",
                "--rate", Integer.toString(rate), "--start-time", marketStart.toString(),
                "--topic-prefix", tradeTopicPrefix), System.getenv());
        // the generator's Kafka client loads its plugins through the context class loader (see KafkaTestClient)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(org.apache.kafka.clients.producer.KafkaProducer.class.getClassLoader());
        try {
            return GenerateTrades.publish(options, message -> { });
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Waits until bronze holds every message published since the test started, and silver has followed. */
    private void awaitIngested(long messages) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = warm.number("SELECT count() FROM bronze_trades_binance WHERE ingested_at > toDateTime("
                    + start.getEpochSecond() + ")") + warm.number("SELECT count() FROM bronze_trades_kraken WHERE "
                    + "ingested_at > toDateTime(" + start.getEpochSecond() + ")");
            if (seen >= messages) {
                Thread.sleep(2_000); // views of the same block write silver and gold right after bronze
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bronze holds " + seen + " of " + messages + " published messages after 3 minutes");
    }

    private void awaitIngestedAfter(Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (warm.number("SELECT count() FROM bronze_trades_binance WHERE ingested_at > toDateTime("
                + after.getEpochSecond() + ")") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no trade ingested after " + after + " within 4 minutes");
            }
            Thread.sleep(250);
        }
    }

    /** A day in 2001–2020 whose month, and the month of the day before, hold no bronze, silver or gold partition yet. */
    private LocalDate unusedDay() {
        // Whole months, not days: gold partitions are months, and the repair test compares a whole gold month
        // warm and cold, so another run's day in the same month would be counted warm but never offloaded here.
        Set<String> usedMonths = new HashSet<>();
        for (String[] row : warm.rows("SELECT DISTINCT partition FROM system.parts WHERE database = '"
                + warm.database() + "' AND (table LIKE 'bronze_trades_%' OR table = 'silver_trades'"
                + " OR table LIKE 'gold_ohlcv_%')")) {
            if (row[0].length() >= 6) {
                usedMonths.add(row[0].substring(0, 6));
            }
        }
        Random random = new Random();
        while (true) {
            LocalDate candidate = LocalDate.of(2001, 1, 2).plusDays(random.nextInt(7300));
            if (!usedMonths.contains(yearMonth(candidate)) && !usedMonths.contains(yearMonth(candidate.minusDays(1)))) {
                return candidate;
            }
        }
    }

    private static String yearMonth(LocalDate day) {
        return String.format("%04d%02d", day.getYear(), day.getMonthValue());
    }
}
