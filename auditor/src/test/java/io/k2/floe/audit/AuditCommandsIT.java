package io.k2.floe.audit;

import io.k2.floe.audit.testing.WarmToCold;
import io.k2.floe.audit.verdicts.VerdictLedger;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TimeRange;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.ColdDoctor;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.PrometheusText;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit commands through the broker, as the coordinator sends them, against a cold table offloaded from a warm table
 * of the test's own: equal verdicts recorded in the verdict store; a damaged partition named as mismatched while the
 * others stay equal; an audit pinned to an older snapshot; and refused commands that change nothing.
 */
@QuarkusTest
@TestProfile(OwnAuditCorner.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCommandsIT {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    /** 2026-11-20T00:00:00Z. */
    private static final long DAY_US = 1_795_132_800_000_000L;
    private static final Instant INGESTED = Instant.parse("2026-11-21T10:00:00Z");
    private static final String DAY_1 = "2026-11-20";
    private static final String DAY_2 = "2026-11-21";

    @Inject
    TableCatalog catalog;
    @Inject
    VerdictLedger verdicts;

    private final MessageCodec codec = new MessageCodec();
    private KafkaTestClient kafka;
    private WarmSql warm;
    private ColdCatalogs cold;
    private CatalogTable table;
    private Table coldTable;
    private String warmTable;

    @BeforeAll
    void offloadTwoDays() throws Exception {
        var config = ConfigProvider.getConfig();
        kafka = new KafkaTestClient(config.getValue("kafka.bootstrap.servers", String.class));
        ClickHouseHttp http = new ClickHouseHttp(config.getValue("floe.clickhouse.url", String.class),
                config.getValue("floe.clickhouse.user", String.class),
                config.getOptionalValue("floe.clickhouse.password", String.class).orElse(""),
                config.getValue("floe.clickhouse.database", String.class), Duration.ofSeconds(5));
        warm = new WarmSql(http);
        table = catalog.get(OwnAuditCorner.TABLE);
        warmTable = table.warmTable();
        warm.execute("CREATE TABLE " + warmTable + " (symbol String, trade_id UInt64, price Decimal(18, 8),"
                + " quantity Decimal(18, 8), side String, trade_time_us Int64, ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))"
                + " ORDER BY (symbol, trade_time_us, trade_id)");
        warm.execute("INSERT INTO " + warmTable + " SELECT if(number % 3 = 0, 'BTCUSDT', 'ETHUSDT'), number,"
                + " toDecimal64(concat(toString(60000 + number % 977), '.', toString(number % 100)), 8),"
                + " toDecimal64(concat('0.', toString(1000 + number)), 8), if(number % 2 = 0, 'buy', 'sell'),"
                + " toInt64(" + DAY_US + " + (number % 2) * 86400000000 + intDiv(number, 2) * 40000000),"
                + " toDateTime(" + INGESTED.getEpochSecond() + ") FROM system.numbers LIMIT 2000");
        cold = LocalColdTier.open(config.getValue("floe.iceberg.catalog-name", String.class),
                config.getValue("floe.iceberg.warehouse", String.class));
        coldTable = WarmToCold.offload(http, cold.catalog(), table, new Window(INGESTED.minusSeconds(60), INGESTED));
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (cold != null) {
            cold.catalog().dropTable(io.k2.floe.tiering.cold.ColdTables.identifier(table), true);
            cold.close();
        }
        if (warm != null) {
            warm.execute("DROP TABLE IF EXISTS " + warmTable);
            warm.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void aRangeAuditFindsBothDaysEqualAndRecordsTheVerdicts() {
        long snapshot = coldTable.currentSnapshot().snapshotId();
        AuditCompleted done = completed(send(command(List.of(), Optional.of(new TimeRange(
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2026-11-21T06:00:00Z"))), Optional.empty())));

        assertThat(done.coldSnapshotId()).contains(snapshot);
        assertThat(done.upTo()).contains(INGESTED);
        assertThat(done.verdicts()).extracting(PartitionVerdict::partition).containsExactly(DAY_1, DAY_2);
        for (PartitionVerdict verdict : done.verdicts()) {
            assertThat(verdict.equal()).as(verdict.toString()).isTrue();
            assertThat(verdict.warmRows()).isEqualTo(1000);
            assertThat(verdict.coldRows()).isEqualTo(1000);
            assertThat(verdict.coldChecksum()).isPresent().isEqualTo(verdict.warmChecksum());
            assertThat(verdict.coldMinTime()).isEqualTo(verdict.warmMinTime()).isPresent();
            assertThat(verdict.coldMaxTime()).isEqualTo(verdict.warmMaxTime()).isPresent();
        }
        RecordedVerdict kept = verdicts.store().latest(OwnAuditCorner.TABLE, DAY_1).orElseThrow();
        assertThat(kept.equal()).isTrue();
        assertThat(kept.coldSnapshotId()).isEqualTo(snapshot);
        assertThat(kept.warmRows()).isEqualTo(1000);
        assertThat(kept.commandId()).isEqualTo(done.commandId());

        String metrics = metrics();
        assertThat(PrometheusText.require(metrics, "floe_audit_partitions_total",
                Map.of("table", OwnAuditCorner.TABLE, "layer", "bronze", "verdict", "equal"))).isGreaterThanOrEqualTo(2);
        assertThat(PrometheusText.require(metrics, "floe_audit_rows_compared_total",
                Map.of("table", OwnAuditCorner.TABLE, "layer", "bronze", "side", "cold"))).isGreaterThanOrEqualTo(2000);
        assertThat(metrics).contains("floe_audit_duration_seconds_count{");
    }

    @Test
    @Order(2)
    void aDuplicatedRowIsAMismatchOfThatPartitionOnly() {
        long good = coldTable.currentSnapshot().snapshotId();
        long damaged = ColdDoctor.rewrite(coldTable, DAY_1, ColdDoctor.duplicateOneRow());
        try {
            AuditCompleted done = completed(send(command(List.of(DAY_1, DAY_2), Optional.empty(), Optional.empty())));
            assertThat(done.coldSnapshotId()).contains(damaged);
            assertThat(done.mismatches()).extracting(PartitionVerdict::partition).containsExactly(DAY_1);
            PartitionVerdict day1 = done.verdicts().get(0);
            assertThat(day1.warmRows()).isEqualTo(1000);
            assertThat(day1.coldRows()).isEqualTo(1001);
            assertThat(verdicts.store().latest(OwnAuditCorner.TABLE, DAY_1).orElseThrow().equal()).isFalse();
            assertThat(verdicts.store().latest(OwnAuditCorner.TABLE, DAY_2).orElseThrow().equal()).isTrue();
            assertThat(PrometheusText.require(metrics(), "floe_audit_mismatches_total",
                    Map.of("table", OwnAuditCorner.TABLE, "layer", "bronze"))).isGreaterThanOrEqualTo(1);

            // the snapshot before the damage, named in the command, is still equal
            AuditCompleted before = completed(send(command(List.of(DAY_1), Optional.empty(), Optional.of(good))));
            assertThat(before.coldSnapshotId()).contains(good);
            assertThat(before.allEqual()).isTrue();
        } finally {
            coldTable.manageSnapshots().rollbackTo(good).commit();
            coldTable.refresh();
        }
    }

    @Test
    @Order(3)
    void commandsThatCannotBeCarriedOutAreRefusedAndChangeNothing() {
        List<RecordedVerdict> before = verdicts.store().latest(OwnAuditCorner.TABLE);
        int history = verdicts.store().history(OwnAuditCorner.TABLE, DAY_1).size();

        TaskFailed badLabel = failed(send(command(List.of("2026-13-45"), Optional.empty(), Optional.empty())));
        assertThat(badLabel.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(badLabel.message()).contains("2026-13-45").contains(OwnAuditCorner.TABLE);

        TaskFailed monthOnDays = failed(send(command(List.of("2026-11"), Optional.empty(), Optional.empty())));
        assertThat(monthOnDays.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(monthOnDays.message()).contains("2026-11");

        TaskFailed absurd = failed(send(command(List.of(), Optional.of(new TimeRange(Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("2100-01-01T00:00:00Z"))), Optional.empty())));
        assertThat(absurd.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(absurd.message()).contains("more than 1000");

        TaskFailed unknownSnapshot = failed(send(command(List.of(DAY_1), Optional.empty(), Optional.of(12345L))));
        assertThat(unknownSnapshot.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(unknownSnapshot.message()).contains("12345");

        // a catalog table that has never been offloaded in this catalog
        AuditCommand neverOffloaded = new AuditCommand("test-" + UUID.randomUUID(), "run-it", "bronze_trades_kraken", 1,
                List.of(DAY_1), Optional.empty(), Optional.empty(), Instant.now());
        TaskFailed nothing = failed(send(neverOffloaded));
        assertThat(nothing.errorType()).isEqualTo(ErrorTypes.NOTHING_TO_AUDIT);

        assertThat(verdicts.store().latest(OwnAuditCorner.TABLE)).isEqualTo(before);
        assertThat(verdicts.store().history(OwnAuditCorner.TABLE, DAY_1)).hasSize(history);
    }

    private AuditCommand command(List<String> partitions, Optional<TimeRange> range, Optional<Long> snapshot) {
        String id = "test-" + UUID.randomUUID();
        return new AuditCommand(id, "run-" + id, OwnAuditCorner.TABLE, 1, partitions, range, snapshot, Instant.now());
    }

    private TaskEvent send(AuditCommand command) {
        var config = ConfigProvider.getConfig();
        String events = config.getValue("mp.messaging.outgoing.events.topic", String.class);
        String commands = config.getValue("mp.messaging.incoming.commands.topic", String.class);
        try (KafkaTestClient.Tail tail = kafka.tail(events)) {
            kafka.send(commands, command.table(), codec.encode("/floe/test", command));
            ConsumerRecord<byte[], byte[]> answer = tail.await(r -> answers(r, command.commandId()), ANSWER_TIMEOUT,
                    "the answer to audit " + command.commandId());
            return (TaskEvent) decode(answer);
        }
    }

    private static AuditCompleted completed(TaskEvent event) {
        assertThat(event).as(event.toString()).isInstanceOf(AuditCompleted.class);
        return (AuditCompleted) event;
    }

    private static TaskFailed failed(TaskEvent event) {
        assertThat(event).as(event.toString()).isInstanceOf(TaskFailed.class);
        return (TaskFailed) event;
    }

    private boolean answers(ConsumerRecord<byte[], byte[]> record, String commandId) {
        return decode(record) instanceof TaskEvent answer && answer.commandId().equals(commandId);
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private static String metrics() {
        return HttpPoll.get(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/metrics")).body();
    }
}
