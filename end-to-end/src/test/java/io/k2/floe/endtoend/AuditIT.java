package io.k2.floe.endtoend;

import io.k2.floe.tiering.security.ApiTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.messages.TimeRange;
import io.k2.floe.tiering.testing.ColdDoctor;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor as a user meets it, every service its own process (an offload worker, the auditor, the coordinator):
 * generator data offloaded by the coordinator audits equal in all nine tables; damaged cold data is reported, alerted,
 * repaired and audited equal again; late trades give no false mismatch; a malformed audit command is refused and
 * changes nothing.
 *
 * <p>The feed is one finite batch, published and wholly ingested before the first run, rather than EndToEndIT's
 * continuous generator. A gold bar is offloaded once its bucket end plus grace lies at or before the window's upper
 * bound, an ingestion time; with a live feed whose market time lies in the past every bucket counts as closed, and
 * later trades of a bucket change a bar that was already offloaded: a true difference the audit reports. A feed with
 * market time at now would keep the bars honest but give gold rows only minutes later (an hour bar after an hour).
 * A batch whose market time runs from before yesterday's midnight to a minute ago, ingested before any run, has no
 * trade left to arrive: every bucket that closed before the run is final and complete, so all nine tables, the daily
 * bars included, have rows to compare from the first run on. The late trades of the third test are the only trades
 * after it, published on purpose with event times just below the marker. The coordinator's schedule is off: the test
 * starts each run through the API (POST /api/runs), so it decides what lies between runs and waits for no cron.
 * Audits are asked for as an operator would (POST /api/tables/{table}/audit, an audit run each) besides those the
 * coordinator sends after offloads and repairs; the malformed commands go straight to the audit topic, where a broken
 * producer would put them. The maintenance worker plays no part in audits and is not started (two cores run the
 * whole suite).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration SETTLE_LAG = Duration.ofSeconds(2);
    /** Messages of the batch: enough for bars in every interval, few enough to publish and ingest in seconds. */
    private static final long BATCH = 40_000;
    private static final String BINANCE = "bronze_trades_binance";
    private static final String KRAKEN = "bronze_trades_kraken";
    private static final String SILVER = "silver_trades";

    private final MessageCodec codec = new MessageCodec();
    private final TableCatalog catalog = TableCatalog.load();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Platform platform;
    private ColdCatalogs cold;
    private ClickHouseHttp clickHouse;
    private WarmSql warm;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail events;
    private KafkaTestClient.Tail deadLetters;
    private VerdictStore verdicts;
    private ServiceProcess coordinator;
    private Instant batchStart;
    private final Map<String, Long> bronzeRows = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        long t0 = System.nanoTime();
        platform = new Platform(Map.of(
                "FLOE_COORDINATOR_SCHEDULE", "off",
                "FLOE_COORDINATOR_SETTLE_LAG", SETTLE_LAG.toSeconds() + "s",
                "FLOE_COORDINATOR_TASK_TIMEOUT", "2m",
                "FLOE_COORDINATOR_RETRY_BACKOFF", "2s",
                "FLOE_COORDINATOR_MAX_ATTEMPTS", "8"))
                // Large insert blocks: the batch arrives in a few inserts; the late trades' small burst is flushed
                // when its topic goes idle.
                .warmBlockSize(65_536);
        platform.create();
        kafka = new KafkaTestClient(Platform.env("FLOE_KAFKA_BOOTSTRAP"));
        events = kafka.tail(platform.eventTopic);
        deadLetters = kafka.tail(platform.deadLetterTopic);
        clickHouse = new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"), Platform.env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                Duration.ofSeconds(5));
        warm = new WarmSql(clickHouse);
        cold = platform.cold();

        // The services start while the batch is published (its runs are started by the test, none before it is in).
        List<ServiceProcess> services = List.of(platform.launch("worker", Service.OFFLOAD_WORKER),
                platform.launch("auditor", Service.AUDITOR), platform.launch("coordinator", Service.COORDINATOR));
        coordinator = services.getLast();

        Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
        // Yesterday's daily bar closes (with its 2-minute grace) shortly after midnight: just after it, wait.
        Instant closed = midnight.plus(Duration.ofMinutes(4));
        if (Instant.now().isBefore(closed)) {
            Thread.sleep(Duration.between(Instant.now(), closed).toMillis());
        }
        Instant now = Instant.now();
        Instant thirtyBefore = midnight.minus(Duration.ofMinutes(30));
        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
        batchStart = thirtyBefore.isBefore(twoHoursAgo) ? thirtyBefore : twoHoursAgo;
        Duration span = Duration.between(batchStart, now.minus(Duration.ofMinutes(1))).truncatedTo(ChronoUnit.SECONDS);
        double marketRate = (double) BATCH / span.toSeconds();
        Map<String, Long> published = platform.publish(List.of("--rate", "0", "--duration", span.toString(),
                "--market-rate", String.format(java.util.Locale.ROOT, "%.6f", marketRate),
                "--start-time", batchStart.toString(), "--seed", "5"), Duration.ofMinutes(5));
        System.out.printf("batch: %s of market time from %s, published %s (%.1f s)%n", span, batchStart, published,
                seconds(t0));

        for (ServiceProcess service : services) {
            service.awaitReady(WAIT);
        }
        verdicts = platform.verdicts();
        awaitBronze(published.get("binance"), published.get("kraken"));
        System.out.printf("services ready and batch ingested after %.1f s%n", seconds(t0));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {events, deadLetters, kafka, cold, platform}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void generatorDataOffloadedByARunAuditsEqualInAllNineTables() throws Exception {
        long t0 = System.nanoTime();
        JsonNode run = awaitRun(startRun());
        Map<String, AuditCompleted> afterOffload = runAudits(run);
        System.out.printf("run 1 with its audits: %.1f s%n", seconds(t0));
        afterOffload.values().forEach(a -> print("audit after run 1", a));
        assertThat(afterOffload.keySet()).as("tables the coordinator audited after their offload")
                .contains(BINANCE, KRAKEN, SILVER, "gold_ohlcv_1m");
        for (AuditCompleted audit : afterOffload.values()) {
            assertThat(audit.mismatches()).as("coordinator's audit of %s after run 1", audit.table()).isEmpty();
        }

        // Then every table, every partition the batch touched, as an operator asks: an audit run per table.
        long t1 = System.nanoTime();
        TimeRange everything = new TimeRange(batchStart, Instant.now());
        Map<String, String> auditRuns = new LinkedHashMap<>();
        for (CatalogTable table : catalog.tables()) {
            auditRuns.put(table.id(), startAudit(table.id(), "{\"from\": \"" + everything.from() + "\", \"to\": \""
                    + everything.to() + "\"}"));
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        for (Map.Entry<String, String> auditRun : auditRuns.entrySet()) {
            JsonNode ended = awaitRun(auditRun.getValue());
            assertThat(ended.path("run").path("note").asText()).as("note of %s", auditRun)
                    .isEqualTo("all partitions equal");
            AuditCompleted audit = runAudits(ended).get(auditRun.getKey());
            commands.put(audit.table(), audit.commandId());
            print("range audit", audit);
            assertThat(audit.verdicts()).as("partitions of %s audited over %s", audit.table(), everything).isNotEmpty();
            assertThat(audit.mismatches()).as("mismatches in %s over %s", audit.table(), everything).isEmpty();
            rows.put(audit.table(), audit.verdicts().stream().mapToLong(PartitionVerdict::warmRows).sum());
            assertThat(audit.verdicts().stream().mapToLong(PartitionVerdict::coldRows).sum())
                    .as("cold rows of %s", audit.table()).isEqualTo(rows.get(audit.table()));
        }
        System.out.printf("range audits of nine tables: %.1f s; rows compared per table: %s%n", seconds(t1), rows);
        // The batch crosses yesterday's midnight and every bucket holding one of its trades before midnight closed
        // before the run: every table, the daily bars included, has rows to compare.
        rows.forEach((table, n) -> assertThat(n).as("rows compared in %s", table).isPositive());

        for (CatalogTable table : catalog.tables()) {
            List<RecordedVerdict> latest = verdicts.latest(table.id());
            assertThat(latest).as("latest verdicts of %s in the verdict store", table.id()).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.equal()).as("%s %s", v.tableId(), v.partition()).isTrue())
                    .allSatisfy(v -> assertThat(v.commandId()).isEqualTo(commands.get(table.id())));
            assertThat(latest.stream().mapToLong(RecordedVerdict::warmRows).sum())
                    .as("warm rows in the stored verdicts of %s", table.id()).isEqualTo(rows.get(table.id()));
        }
    }

    @Test
    @Order(2)
    void lateTradesBelowTheMarkerGiveNoFalseMismatchAndAreInColdAfterTheNextRun() throws Exception {
        long t0 = System.nanoTime();
        Instant marker = marker(BINANCE).isBefore(marker(KRAKEN)) ? marker(BINANCE) : marker(KRAKEN);
        assertThat(marker(SILVER)).as("silver's marker").isNotNull();
        String today = catalog.get(BINANCE).partition().labelOf(marker);
        List<String> tables = List.of(BINANCE, KRAKEN, SILVER);
        Map<String, Long> before = new LinkedHashMap<>();
        for (String table : tables) {
            AuditCompleted audit = auditNow(table, today);
            assertThat(audit.allEqual()).as("%s %s before the late trades", table, today).isTrue();
            before.put(table, audit.verdicts().getFirst().warmRows());
        }

        // Trades 50 to 20 seconds before the marker in event time, published now: below the marker in event time,
        // above it in ingestion order.
        Instant lateStart = marker.minusSeconds(50);
        Map<String, Long> late = platform.publish(List.of("--rate", "0", "--duration", "30s", "--market-rate", "2",
                "--late-share", "0", "--duplicate-share", "0", "--start-time", lateStart.toString(), "--seed", "17"),
                Duration.ofMinutes(2));
        System.out.printf("late trades from %s (marker %s): %s%n", lateStart, marker, late);
        awaitBronze(bronzeRows.get(BINANCE) + late.get("binance"), bronzeRows.get(KRAKEN) + late.get("kraken"));
        long markerSeconds = marker.getEpochSecond();
        long markerMicros = ChronoUnit.MICROS.between(Instant.EPOCH, marker);
        Map<String, Long> lateRows = new LinkedHashMap<>();
        for (String table : tables) {
            String from = table.equals(SILVER) ? "silver_trades FINAL" : table;
            String[] row = warm.rows("SELECT count(), max(trade_time_us) FROM " + from + " WHERE ingested_at > "
                    + markerSeconds).getFirst();
            lateRows.put(table, Long.parseLong(row[0]));
            assertThat(Long.parseLong(row[1])).as("latest event time of the late trades in %s", table)
                    .isLessThan(markerMicros);
        }
        assertThat(lateRows.get(BINANCE)).isEqualTo(late.get("binance"));
        assertThat(lateRows.get(KRAKEN)).isEqualTo(late.get("kraken"));
        assertThat(lateRows.get(SILVER)).as("late trades in silver").isPositive();

        // In the warm tier, not yet offloaded: the audit up to the marker does not count them, and is still equal.
        for (String table : tables) {
            AuditCompleted audit = auditNow(table, today);
            assertThat(audit.allEqual()).as("%s %s with late trades in warm only", table, today).isTrue();
            assertThat(audit.verdicts().getFirst().warmRows()).as("%s rows up to the marker", table)
                    .isEqualTo(before.get(table));
        }

        Thread.sleep(SETTLE_LAG.plusSeconds(2).toMillis());
        JsonNode run = awaitRun(startRun());
        Map<String, AuditCompleted> audits = runAudits(run);
        System.out.printf("late trades: audits before and after run 2: %.1f s%n", seconds(t0));
        for (String table : tables) {
            AuditCompleted audit = audits.get(table);
            assertThat(audit).as("the coordinator's audit of %s after run 2", table).isNotNull();
            print("audit after run 2", audit);
            PartitionVerdict verdict = verdictOn(audit, today);
            assertThat(verdict.equal()).as("%s %s after the run offloaded the late trades", table, today).isTrue();
            assertThat(verdict.warmRows()).as("%s %s rows now counted", table, today)
                    .isEqualTo(before.get(table) + lateRows.get(table));
            assertThat(verdict.coldRows()).isEqualTo(verdict.warmRows());
        }
        for (String table : List.of(BINANCE, KRAKEN)) {
            assertThat(coldTradeTimesIngestedAfter(table, marker))
                    .as("event times of the late trades in cold %s", table)
                    .isEqualTo(warmTradeTimesIngestedAfter(table, markerSeconds));
        }
        for (String table : tables) {
            ColdEqualsWarm.Result result = ColdEqualsWarm.compare(catalog.get(table), cold.catalog(), clickHouse, warm)
                    .orElseThrow();
            System.out.println("  key by key: " + result);
            assertThat(result.duplicates()).as("%s", result).isZero();
            assertThat(result.losses()).as("%s", result).isZero();
        }
    }

    @Test
    @Order(3)
    void damagedColdPartitionsAreReportedAlertedRepairedAndAuditEqualAgain() throws Exception {
        long t0 = System.nanoTime();
        String yesterday = catalog.get(BINANCE).partition().labelOf(batchStart);
        List<Damage> damages = List.of(
                new Damage(BINANCE, "a lost row", ColdDoctor.loseOneRow(), -1),
                new Damage(KRAKEN, "a duplicated row", ColdDoctor.duplicateOneRow(), +1),
                new Damage(SILVER, "an altered price", ColdDoctor.alterOneValue("price",
                        p -> ((BigDecimal) p).add(new BigDecimal("0.00000001"))), 0));
        Map<String, AuditCompleted> mismatches = new LinkedHashMap<>();
        for (Damage damage : damages) {
            Table table = coldTable(damage.table());
            long doctored = ColdDoctor.rewrite(table, yesterday, damage.change());
            System.out.printf("%s: %s in partition %s, snapshot %d%n", damage.table(), damage.what(), yesterday,
                    doctored);
        }
        for (Damage damage : damages) {
            AuditCompleted audit = auditNow(damage.table(), yesterday);
            print("audit of damaged " + damage.table(), audit);
            PartitionVerdict verdict = verdictOn(audit, yesterday);
            assertThat(verdict.equal()).as("%s %s with %s", damage.table(), yesterday, damage.what()).isFalse();
            assertThat(verdict.coldRows() - verdict.warmRows()).as("cold minus warm rows, %s", damage.what())
                    .isEqualTo(damage.rowChange());
            if (damage.rowChange() == 0) {
                assertThat(verdict.coldChecksum()).as("checksums with %s", damage.what())
                        .isNotEqualTo(verdict.warmChecksum());
            }
            mismatches.put(damage.table(), audit);
        }
        for (Damage damage : damages) {
            String alertId = AlertNames.AUDIT_MISMATCH + "/" + damage.table() + "/" + yesterday;
            AlertRaised raised = (AlertRaised) awaitEvent(e -> e instanceof AlertRaised a && a.alertId().equals(alertId),
                    "alert.raised " + alertId);
            assertThat(raised.table()).contains(damage.table());
            assertThat(raised.message()).contains(yesterday);
            assertThat(alert(alertId).path("active").asBoolean()).as("%s in GET /api/alerts", alertId).isTrue();
        }
        System.out.printf("damage reported and alerted: %.1f s%n", seconds(t0));

        Map<String, String> repairs = new LinkedHashMap<>();
        for (Damage damage : damages) {
            HttpResponse<String> answer = post("/api/tables/" + damage.table() + "/repair",
                    "{\"partition\": \"" + yesterday + "\"}");
            assertThat(answer.statusCode()).as("repair of %s %s: %s", damage.table(), yesterday, answer.body())
                    .isEqualTo(202);
            repairs.put(damage.table(), json.readTree(answer.body()).path("runId").asText());
        }
        for (Damage damage : damages) {
            JsonNode run = awaitRun(repairs.get(damage.table()));
            JsonNode offload = task(run, TaskKind.OFFLOAD);
            assertThat(offload.path("offloadKind").asText()).isEqualTo("REPAIR");
            long repaired = Long.parseLong(offload.path("coldSnapshot").asText());
            AuditCompleted audit = runAudits(run).get(damage.table());
            assertThat(audit).as("the coordinator's audit after the repair of %s", damage.table()).isNotNull();
            print("audit after the repair of " + damage.table(), audit);
            PartitionVerdict verdict = verdictOn(audit, yesterday);
            PartitionVerdict before = verdictOn(mismatches.get(damage.table()), yesterday);
            assertThat(verdict.equal()).as("%s %s after its repair", damage.table(), yesterday).isTrue();
            assertThat(verdict.warmRows()).isEqualTo(before.warmRows());
            assertThat(verdict.coldRows()).isEqualTo(before.warmRows());
            Table table = coldTable(damage.table());
            long audited = audit.coldSnapshotId().orElseThrow();
            assertThat(audited == repaired || SnapshotUtil.isAncestorOf(table, audited, repaired))
                    .as("audited snapshot %d is the repair's %d or later", audited, repaired).isTrue();

            String alertId = AlertNames.AUDIT_MISMATCH + "/" + damage.table() + "/" + yesterday;
            awaitEvent(e -> e instanceof AlertResolved r && r.alertId().equals(alertId), "alert.resolved " + alertId);
            JsonNode alert = alert(alertId);
            assertThat(alert.path("active").asBoolean()).as("%s after the repair", alertId).isFalse();
            assertThat(alert.path("resolvedAt").isNull()).isFalse();

            RecordedVerdict stored = verdicts.latest(damage.table(), yesterday).orElseThrow();
            assertThat(stored.equal()).as("stored verdict on %s %s", damage.table(), yesterday).isTrue();
            assertThat(stored.coldSnapshotId() == repaired
                    || SnapshotUtil.isAncestorOf(table, stored.coldSnapshotId(), repaired))
                    .as("stored verdict's snapshot %d is the repair's %d or later", stored.coldSnapshotId(), repaired)
                    .isTrue();
            assertThat(stored.warmRows()).isEqualTo(before.warmRows());
            assertThat(verdicts.history(damage.table(), yesterday)).as("verdict history of %s %s", damage.table(),
                    yesterday).anySatisfy(v -> assertThat(v.equal()).isFalse());
        }
        System.out.printf("three damaged partitions reported, repaired and equal again: %.1f s%n", seconds(t0));
    }

    @Test
    @Order(4)
    void aMalformedAuditCommandIsAnsweredWithAFailureAndChangesNothing() throws Exception {
        String before = verdictStoreContents();

        byte[] garbage = {(byte) 0xC3, (byte) 0x28, '{', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
        RecordMetadata sent = kafka.send(platform.auditTopic, BINANCE, garbage);
        String unidentified = "unidentified:" + sent.topic() + "/" + sent.partition() + "@" + sent.offset();
        TaskFailed failed = awaitFailed(unidentified, "the answer to garbage bytes");
        assertThat(failed.errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
        assertThat(failed.kind()).isEqualTo(TaskKind.AUDIT);
        ConsumerRecord<byte[], byte[]> dead = deadLetters.await(r -> java.util.Arrays.equals(r.value(), garbage),
                WAIT, "the garbage's dead-letter copy");
        assertThat(dead.value()).isEqualTo(garbage);

        // Decodable commands naming no partition of their table: a month that does not exist, a month label for a
        // table partitioned by day, a day label for a table partitioned by month.
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put(BINANCE, "2026-13-45");
        invalid.put(KRAKEN, "2026-11");
        invalid.put("gold_ohlcv_1h", "2026-11-20");
        for (Map.Entry<String, String> entry : invalid.entrySet()) {
            AuditCommand command = AuditCommand.ofPartitions(UUID.randomUUID().toString(), "e2e-audit-invalid",
                    entry.getKey(), 1, List.of(entry.getValue()), Instant.now());
            send(command);
            TaskFailed answer = awaitFailed(command.commandId(), "the answer to an audit of " + entry);
            System.out.printf("audit of %s partition %s: %s %s%n", entry.getKey(), entry.getValue(),
                    answer.errorType(), answer.message());
            assertThat(answer.errorType()).as("audit of %s partition %s", entry.getKey(), entry.getValue())
                    .isEqualTo(ErrorTypes.INVALID_COMMAND);
            assertThat(answer.message()).contains(entry.getValue());
        }
        // The coordinator's API refuses the same requests before any command is sent.
        for (Map.Entry<String, String> entry : invalid.entrySet()) {
            HttpResponse<String> answer = post("/api/tables/" + entry.getKey() + "/audit",
                    "{\"partitions\": [\"" + entry.getValue() + "\"]}");
            assertThat(answer.statusCode()).as("API audit of %s: %s", entry, answer.body()).isEqualTo(400);
        }
        assertThat(events.sawAny(r -> decode(r) instanceof AuditCompleted a && a.runId().equals("e2e-audit-invalid")))
                .as("an audit-completed event for an invalid command").isFalse();
        assertThat(verdictStoreContents()).as("the verdict store after the malformed commands").isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Damage(String table, String what, UnaryOperator<List<Record>> change, int rowChange) {
    }

    private void print(String what, AuditCompleted audit) {
        StringBuilder line = new StringBuilder("  " + what + ": " + audit.table() + " at " + audit.coldSnapshotId()
                .orElse(null) + " up to " + audit.upTo().orElse(null) + " (" + audit.durationMs() + " ms)");
        for (PartitionVerdict v : audit.verdicts()) {
            line.append(String.format("%n    %s %s warm %d cold %d, checksums %s / %s", v.partition(),
                    v.equal() ? "equal" : "MISMATCH", v.warmRows(), v.coldRows(), v.warmChecksum().orElse("-"),
                    v.coldChecksum().orElse("-")));
        }
        System.out.println(line);
    }

    private static PartitionVerdict verdictOn(AuditCompleted audit, String partition) {
        return audit.verdicts().stream().filter(v -> v.partition().equals(partition)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict on " + partition + " in " + audit));
    }

    /** Audits {@code partition} of {@code table} now (POST /api/tables/{table}/audit); the auditor's answer. */
    private AuditCompleted auditNow(String table, String partition) throws Exception {
        JsonNode run = awaitRun(startAudit(table, "{\"partitions\": [\"" + partition + "\"]}"));
        AuditCompleted audit = runAudits(run).get(table);
        assertThat(run.path("run").path("note").asText()).as("note of audit run %s", run.path("run"))
                .startsWith(audit.allEqual() ? "all partitions equal" : "mismatched: " + partition);
        return audit;
    }

    /** POST /api/tables/{table}/audit with {@code body}; the audit run's id. */
    private String startAudit(String table, String body) throws Exception {
        HttpResponse<String> answer = post("/api/tables/" + table + "/audit", body);
        assertThat(answer.statusCode()).as("audit of %s %s: %s", table, body, answer.body()).isEqualTo(202);
        return json.readTree(answer.body()).path("runId").asText();
    }

    private void send(AuditCommand command) {
        kafka.send(platform.auditTopic, command.table(), codec.encode("/floe/e2e-audit-test", command));
    }

    private AuditCompleted awaitCompleted(String commandId, String what) {
        Event event = awaitEvent(e -> (e instanceof AuditCompleted a && a.commandId().equals(commandId))
                || (e instanceof TaskFailed f && f.commandId().equals(commandId)), what);
        if (event instanceof TaskFailed failed) {
            throw new AssertionError(what + " failed: " + failed.errorType() + ": " + failed.message());
        }
        return (AuditCompleted) event;
    }

    private TaskFailed awaitFailed(String commandId, String what) {
        Event event = awaitEvent(e -> (e instanceof AuditCompleted a && a.commandId().equals(commandId))
                || (e instanceof TaskFailed f && f.commandId().equals(commandId)), what);
        assertThat(event).as(what).isInstanceOf(TaskFailed.class);
        return (TaskFailed) event;
    }

    private Event awaitEvent(java.util.function.Predicate<Event> match, String what) {
        return decode(events.await(r -> match.test(decode(r)), WAIT, what + " (logs in " + platform.dir() + ")"));
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The audit-completed events of the run's audit tasks, by table. A run ends when its offloads have; the audits it
     * sent may still be on their way.
     */
    private Map<String, AuditCompleted> runAudits(JsonNode run) {
        Map<String, AuditCompleted> audits = new LinkedHashMap<>();
        for (JsonNode task : run.path("tasks")) {
            if (task.path("kind").asText().equals(TaskKind.AUDIT.name())) {
                String table = task.path("table").asText();
                audits.put(table, awaitCompleted(task.path("commandId").asText(), "audit of " + table + " in run "
                        + run.path("run").path("runId").asText()));
            }
        }
        return audits;
    }

    private static JsonNode task(JsonNode run, TaskKind kind) {
        for (JsonNode task : run.path("tasks")) {
            if (task.path("kind").asText().equals(kind.name())) {
                return task;
            }
        }
        throw new AssertionError("no " + kind + " task in " + run);
    }

    private String startRun() throws Exception {
        HttpResponse<String> answer = post("/api/runs", null);
        assertThat(answer.statusCode()).as("POST /api/runs: %s", answer.body()).isEqualTo(202);
        return json.readTree(answer.body()).path("runId").asText();
    }

    /** Waits for the run to end, expects it to have succeeded; the run with its tasks (GET /api/runs/{id}). */
    private JsonNode awaitRun(String runId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode run = json.readTree(HttpPoll.get(coordinator.url("/api/runs/" + runId), "application/json", platform.apiToken(ApiTokens.READER)).body());
            String status = run.path("run").path("status").asText();
            if (!status.equals("RUNNING")) {
                assertThat(status).as("run %s: %s", runId, run).isEqualTo("SUCCEEDED");
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " still running after " + WAIT + ": " + run + "; logs in "
                        + platform.dir());
            }
            Thread.sleep(500);
        }
    }

    private Instant marker(String table) throws Exception {
        JsonNode view = json.readTree(HttpPoll.get(coordinator.url("/api/tables/" + table), "application/json", platform.apiToken(ApiTokens.READER)).body());
        assertThat(view.path("marker").isTextual()).as("marker of %s: %s", table, view).isTrue();
        return Instant.parse(view.path("marker").asText());
    }

    private JsonNode alert(String alertId) throws Exception {
        for (JsonNode alert : json.readTree(HttpPoll.get(coordinator.url("/api/alerts"), "application/json", platform.apiToken(ApiTokens.READER)).body())) {
            if (alert.path("alertId").asText().equals(alertId)) {
                return alert;
            }
        }
        throw new AssertionError("GET /api/alerts lists no " + alertId);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + platform.apiToken(ApiTokens.OPERATOR));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Table coldTable(String table) {
        return cold.catalog().loadTable(ColdTables.identifier(catalog.get(table)));
    }

    /** Waits until the bronze tables hold these many rows (the exchanges' messages, duplicates included). */
    private void awaitBronze(long binance, long kraken) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long b = warm.number("SELECT count() FROM " + BINANCE);
            long k = warm.number("SELECT count() FROM " + KRAKEN);
            if (b >= binance && k >= kraken) {
                assertThat(b).as("rows in %s", BINANCE).isEqualTo(binance);
                assertThat(k).as("rows in %s", KRAKEN).isEqualTo(kraken);
                bronzeRows.put(BINANCE, b);
                bronzeRows.put(KRAKEN, k);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bronze holds " + b + " + " + k + " rows, expected " + binance + " + "
                        + kraken + " after " + WAIT);
            }
            Thread.sleep(500);
        }
    }

    private List<Long> warmTradeTimesIngestedAfter(String table, long epochSecond) {
        return warm.rows("SELECT trade_time_us FROM " + table + " WHERE ingested_at > " + epochSecond
                + " ORDER BY trade_time_us").stream().map(r -> Long.parseLong(r[0])).toList();
    }

    private List<Long> coldTradeTimesIngestedAfter(String table, Instant after) {
        List<Long> times = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(coldTable(table))
                .select("trade_time_us", "ingested_at").build()) {
            for (Record row : rows) {
                if (instant(row.getField("ingested_at")).isAfter(after)) {
                    // microseconds in warm, a timestamp in cold
                    times.add(ChronoUnit.MICROS.between(Instant.EPOCH, instant(row.getField("trade_time_us"))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        times.sort(null);
        return times;
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }

    /** Every latest verdict and the size of the history, as text. */
    private String verdictStoreContents() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = platform.ledger(); Statement sql = connection.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT table_id, partition_label, equal, cold_snapshot_id, warm_rows,"
                    + " cold_rows, command_id, audited_at FROM " + platform.auditSchema + ".partition_verdicts"
                    + " ORDER BY table_id, partition_label");
            while (rows.next()) {
                for (int i = 1; i <= 8; i++) {
                    text.append(rows.getString(i)).append(i < 8 ? " " : "\n");
                }
            }
            rows = sql.executeQuery("SELECT count(*) FROM " + platform.auditSchema + ".verdict_history");
            rows.next();
            text.append("history: ").append(rows.getLong(1));
        }
        return text.toString();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
