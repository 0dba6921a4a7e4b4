package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.testing.rest.RestCatalogProcess;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST catalog (R-CATALOG) for real: an Iceberg REST catalog server runs as its own process on loopback
 * ({@link RestCatalogProcess}: Iceberg's own catalog handlers over HTTP, a JDBC catalog on the stack's PostgreSQL and
 * the stack's S3 behind them), and the offload worker, the auditor and the maintenance worker run as their own
 * processes configured as a user would ({@code FLOE_CATALOG_TYPE=rest}, {@code FLOE_CATALOG_URI},
 * {@code FLOE_CATALOG_TOKEN}). Commands go straight to their topics, as the coordinator sends them: two offload windows
 * commit through the REST catalog (rows and marker read back through it), the audit of their day says equal, and a
 * snapshot expiry commits through it without losing a row or the marker. No service logs the token or a storage
 * secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestCatalogIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String TABLE = "bronze_trades_binance";
    private static final int ROWS_PER_WINDOW = 1_000;
    private static final int WINDOWS = 2;

    private final MessageCodec codec = new MessageCodec();
    private final TableCatalog catalog = TableCatalog.load();
    private Platform platform;
    private RestCatalogProcess rest;
    private ColdCatalogs cold;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail events;
    /** Ingestion second of the first warm row: window k holds the rows ingested in minute k after it. */
    private long firstSecond;
    /** The day all trades lie in: yesterday, a closed day. */
    private LocalDate day;
    private final List<OffloadCompleted> offloads = new ArrayList<>();

    @BeforeAll
    void start() {
        long t0 = System.nanoTime();
        platform = new Platform(Map.of());
        platform.create();
        rest = RestCatalogProcess.start(platform.catalogName, platform.warehouse, platform.dir().resolve("rest-catalog.log"));
        platform.restCatalog(rest);
        List<ServiceProcess> services = List.of(platform.launch("offload-worker", Service.OFFLOAD_WORKER),
                platform.launch("auditor", Service.AUDITOR), platform.launch("maintenance-worker", Service.MAINTENANCE_WORKER));
        kafka = new KafkaTestClient(Platform.env("FLOE_KAFKA_BOOTSTRAP"));
        events = kafka.tail(platform.eventTopic);
        firstSecond = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        insertWarmRows();
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofMinutes(3));
        }
        cold = platform.cold();
        System.out.printf("REST catalog at %s, three services ready after %.1f s%n", rest.uri(), seconds(t0));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {events, kafka, cold, platform, rest}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void offloadedWindowsAreCommittedThroughTheRestCatalogRowsAndMarkerReadBackThroughIt() throws Exception {
        for (int k = 0; k < WINDOWS; k++) {
            OffloadCommand command = new OffloadCommand(UUID.randomUUID().toString(), "rest-it", TABLE, 1, window(k),
                    OffloadKind.NORMAL, Optional.empty(), Instant.now());
            send(platform.offloadTopic, command);
            OffloadCompleted done = await(command, OffloadCompleted.class, "offload of window " + k);
            assertThat(done.rows()).as("rows of window %d", k).isEqualTo(ROWS_PER_WINDOW);
            assertThat(done.repeat()).isFalse();
            offloads.add(done);
        }

        Table table = coldTable();
        assertThat(keys(table)).as("cold keys read through the REST catalog").isEqualTo(expectedKeys());
        OffloadMarker marker = MarkerHistory.latest(table).orElseThrow().marker();
        assertThat(marker.windowUpper()).isEqualTo(window(WINDOWS - 1).upper());
        assertThat(marker.commandId()).isEqualTo(offloads.getLast().commandId());
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(offloads.getLast().snapshotId().orElseThrow());
        // the commits went to the REST server, not around it, and it lets nobody in without the token: the workers
        // sent the one they were configured with
        assertThat(rest.logText()).contains("POST /v1/namespaces/cold/tables/" + TABLE + " 200");
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(rest.uri() + "/v1/namespaces/cold/tables/" + TABLE)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("a request without the token").isEqualTo(401);
    }

    @Test
    @Order(2)
    void theAuditOfTheOffloadedDayReadThroughTheRestCatalogSaysEqual() {
        AuditCommand command = new AuditCommand(UUID.randomUUID().toString(), "rest-it", TABLE, 1,
                List.of(day.toString()), Optional.empty(), Optional.empty(), Instant.now());
        send(platform.auditTopic, command);
        AuditCompleted audit = await(command, AuditCompleted.class, "audit of " + day);
        assertThat(audit.verdicts()).hasSize(1);
        PartitionVerdict verdict = audit.verdicts().getFirst();
        assertThat(verdict.equal()).as("verdict %s", verdict).isTrue();
        assertThat(verdict.warmRows()).isEqualTo((long) ROWS_PER_WINDOW * WINDOWS);
        assertThat(verdict.coldRows()).isEqualTo((long) ROWS_PER_WINDOW * WINDOWS);
        assertThat(audit.coldSnapshotId()).isEqualTo(offloads.getLast().snapshotId());
    }

    @Test
    @Order(3)
    void aSnapshotExpiryCommitsThroughTheRestCatalogKeepingEveryRowAndTheMarker() {
        Table before = coldTable();
        List<Long> snapshotsBefore = snapshotIds(before);
        assertThat(snapshotsBefore).as("one snapshot per offload at least").hasSizeGreaterThanOrEqualTo(WINDOWS);

        MaintenanceCommand command = new MaintenanceCommand(UUID.randomUUID().toString(), "rest-it", TABLE, 1,
                MaintenanceAction.EXPIRE_SNAPSHOTS, List.of(), Map.of("older-than", "PT1S", "retain-last", "1"),
                Instant.now());
        send(platform.maintenanceTopic, command);
        MaintenanceCompleted done = await(command, MaintenanceCompleted.class, "snapshot expiry");

        Table after = coldTable();
        List<Long> snapshotsAfter = snapshotIds(after);
        assertThat(done.results()).as("results %s", done.results())
                .containsEntry("expiredSnapshots", (long) (snapshotsBefore.size() - snapshotsAfter.size()))
                .containsEntry("remainingSnapshots", (long) snapshotsAfter.size());
        assertThat(snapshotsAfter).as("expired through the REST catalog").hasSizeLessThan(snapshotsBefore.size())
                .contains(offloads.getLast().snapshotId().orElseThrow());
        assertThat(keys(after)).as("cold keys after the expiry").isEqualTo(expectedKeys());
        assertThat(MarkerHistory.latest(after).orElseThrow().marker().commandId())
                .isEqualTo(offloads.getLast().commandId());
    }

    @Test
    @Order(4)
    void noLogShowsTheCatalogTokenOrAStorageSecret() throws IOException {
        List<String> secrets = new ArrayList<>(List.of(rest.token()));
        Optional.ofNullable(System.getenv("FLOE_PG_PASSWORD")).ifPresent(secrets::add);
        Optional.ofNullable(System.getenv("FLOE_S3_SECRET_KEY")).ifPresent(secrets::add);
        List<Path> logs;
        try (Stream<Path> files = Files.list(platform.dir())) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertThat(logs).extracting(f -> f.getFileName().toString())
                .anyMatch(n -> n.startsWith("offload-worker")).anyMatch(n -> n.startsWith("rest-catalog"));
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as("a secret in %s", log).isFalse();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Window {@code k}: {@code (firstSecond + 60k - 1, firstSecond + 60(k+1) - 1]}, consecutive by construction. */
    private Window window(int k) {
        long lower = firstSecond + 60L * k - 1;
        return new Window(Instant.ofEpochSecond(lower), Instant.ofEpochSecond(lower + 60));
    }

    /**
     * Row n: symbol BTCUSDT or ETHUSDT, trade id 1,000,000 + n, traded 10 s after row n-1 from the day's midnight (all
     * in that day), ingested in minute n / 1000 after {@link #firstSecond}, i.e. in window n / 1000.
     */
    private void insertWarmRows() {
        long midnightMicros = day.atStartOfDay().toInstant(ZoneOffset.UTC).getEpochSecond() * 1_000_000L;
        try (WarmSql warm = platform.warm()) {
            warm.execute("INSERT INTO `" + platform.database + "`." + TABLE
                    + " SELECT 'trade', t + 1000, ['BTCUSDT', 'ETHUSDT'][n % 2 + 1], 1000000 + n,"
                    + " toDecimal64(20000 + n % 1000, 8), toDecimal64(1 + n % 7, 8) / 1000, t, n % 2, 1, toDateTime(ingested)"
                    + " FROM (SELECT number AS n, toInt64(" + midnightMicros + " + n * 10000000) AS t,"
                    + " " + firstSecond + " + intDiv(n, " + ROWS_PER_WINDOW + ") * 60"
                    + " + intDiv((n % " + ROWS_PER_WINDOW + ") * 60, " + ROWS_PER_WINDOW + ") AS ingested"
                    + " FROM numbers(" + ROWS_PER_WINDOW * WINDOWS + "))");
            assertThat(warm.number("SELECT count() FROM `" + platform.database + "`." + TABLE))
                    .isEqualTo((long) ROWS_PER_WINDOW * WINDOWS);
        }
    }

    private Set<String> expectedKeys() {
        Set<String> keys = new TreeSet<>();
        for (int n = 0; n < ROWS_PER_WINDOW * WINDOWS; n++) {
            keys.add((n % 2 == 0 ? "BTCUSDT" : "ETHUSDT") + "/" + (1_000_000 + n));
        }
        return keys;
    }

    /** Symbol/trade id of every cold row, duplicates failing the test. */
    private static Set<String> keys(Table table) {
        Set<String> keys = new TreeSet<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("symbol", "trade_id").build()) {
            for (Record row : rows) {
                String key = row.getField("symbol") + "/" + row.getField("trade_id");
                assertThat(keys.add(key)).as("duplicate cold row %s", key).isTrue();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return keys;
    }

    private Table coldTable() {
        return cold.catalog().loadTable(ColdTables.identifier(catalog.get(TABLE)));
    }

    private static List<Long> snapshotIds(Table table) {
        List<Long> ids = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
            ids.add(snapshot.snapshotId());
        }
        return ids;
    }

    private void send(String topic, Command command) {
        kafka.send(topic, TABLE, codec.encode("/floe/e2e-rest-catalog-test", command));
    }

    /** The event answering {@code command}; a task failure fails the test with the worker's message. */
    private <T extends TaskEvent> T await(Command command, Class<T> type, String what) {
        Predicate<Event> answers = e -> e instanceof TaskEvent t && t.commandId().equals(command.commandId());
        ConsumerRecord<byte[], byte[]> record = events.await(r -> {
            Event event = decode(r);
            return event != null && answers.test(event) && (type.isInstance(event) || event instanceof TaskFailed);
        }, WAIT, what + " (logs in " + platform.dir() + ")");
        Event event = decode(record);
        if (event instanceof TaskFailed failed) {
            throw new AssertionError(what + " failed: " + failed.errorType() + ": " + failed.message());
        }
        return type.cast(event);
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
