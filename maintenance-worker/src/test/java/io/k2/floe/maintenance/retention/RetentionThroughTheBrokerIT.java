package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.WarmPartitionDropped;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.verdicts.WarmDrop;
import io.k2.floe.tiering.verdicts.WarmDrops;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.iceberg.Table;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance worker as deployed, through the broker: a {@code DROP_WARM_PARTITIONS} command for a verified
 * partition is answered with a {@code retention.dropped} event first, then {@code maintenance.completed}; the warm
 * partition is gone and its drop recorded in the verdict store's schema, which the worker migrated at start-up. Runs in
 * corners of its own ({@link OwnRetentionCorner}).
 */
@QuarkusTest
@TestProfile(OwnRetentionCorner.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionThroughTheBrokerIT {

    private static final Instant INGEST = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    /** Well past bronze's 7 days. */
    private static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(20).toString();
    private static final int ROWS = 50;

    @Inject
    TableCatalog catalog;
    @Inject
    ColdTier coldTier;
    @Inject
    ClickHouseHttp http;
    @Inject
    VerdictStore verdicts;
    @Inject
    WarmDrops drops;
    @Inject
    AgroalDataSource dataSource;

    private final MessageCodec codec = new MessageCodec();
    private WarmSql sql;
    private KafkaTestClient kafka;
    private CatalogTable table;

    @BeforeAll
    void offloadAndAudit() throws Exception {
        // the profile's names as the worker sees them (the profile class may be loaded twice, each with its own RUN)
        try (WarmSql admin = WarmSql.fromEnvironment()) {
            admin.execute("CREATE DATABASE " + http.database());
        }
        sql = new WarmSql(http);
        sql.execute("CREATE TABLE " + OwnRetentionCorner.TABLE + " (id UInt64, trade_time_us Int64,"
                + " ingested_at DateTime) ENGINE = MergeTree"
                + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY id");
        table = catalog.get(OwnRetentionCorner.TABLE);
        long start = table.partition().startOf(DAY).getEpochSecond() * 1_000_000L;
        sql.execute("INSERT INTO " + OwnRetentionCorner.TABLE + " SELECT number, " + start
                + " + number * 60000000, toDateTime(" + INGEST.getEpochSecond() + ") FROM numbers(" + ROWS + ")");

        List<WarmColumn> columns = new WarmColumns(http).of(table);
        Table cold = new ColdTables(coldTier.catalog(), 128L * 1024 * 1024).createIfMissing(table,
                ColdSchemas.of(columns));
        Window window = new Window(INGEST.minusSeconds(60), INGEST);
        try (WindowWriter writer = WindowWriter.open(cold, "retention-qit-" + UUID.randomUUID())) {
            new WarmReader(http).read(new WarmWindowQuery(table, columns, false).window(window), columns,
                    new ColdRowSink(writer, cold.schema(), columns));
            ColdCommitter.commit(cold, OffloadMarker.of(window, UUID.randomUUID().toString(), "retention-qit"),
                    writer.finish().dataFiles());
        }
        cold.refresh();
        WarmFigures figures = new WarmFigures(http);
        PartitionFigures warm = figures.of(AuditSide.of(table, cold, new WarmColumns(http), catalog,
                figures.decimalText()), DAY, INGEST);
        verdicts.record(List.of(new RecordedVerdict(table.id(), DAY, true, cold.currentSnapshot().snapshotId(), INGEST,
                warm.rows(), warm.rows(), warm.checksum(), warm.checksum(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "run-qit", "audit-qit", INGEST.plusSeconds(60))));
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    void dropEverything() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (table != null) {
            coldTier.catalog().dropTable(ColdTables.identifier(table), true);
        }
        if (sql != null) {
            sql.execute("DROP DATABASE IF EXISTS " + http.database());
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + verdicts.schema() + " CASCADE");
        }
    }

    @Test
    void aVerifiedPartitionIsDroppedAndItsEventPublishedBeforeTheAnswer() {
        MaintenanceCommand command = new MaintenanceCommand("retention-qit-" + UUID.randomUUID(), "run-qit",
                table.id(), 1, MaintenanceAction.DROP_WARM_PARTITIONS, List.of(DAY), Map.of(), Instant.now());
        String events = ConfigProvider.getConfig().getValue("mp.messaging.outgoing.events.topic", String.class);
        String commands = ConfigProvider.getConfig().getValue("mp.messaging.incoming.commands.topic", String.class);
        try (KafkaTestClient.Tail tail = kafka.tail(events)) {
            kafka.send(commands, table.id(), codec.encode("/floe/test", command));

            ConsumerRecord<byte[], byte[]> answer = tail.await(r -> decode(r) instanceof MaintenanceCompleted c
                    && c.commandId().equals(command.commandId()), Duration.ofMinutes(2), "the answer");
            ConsumerRecord<byte[], byte[]> dropped = tail.await(r -> decode(r) instanceof WarmPartitionDropped d
                    && d.commandId().equals(command.commandId()), Duration.ofSeconds(1), "the drop");

            assertThat(((MaintenanceCompleted) decode(answer)).partitions()).containsExactly(DAY);
            assertThat(dropped.partition()).as("both keyed by table").isEqualTo(answer.partition());
            assertThat(dropped.offset()).as("the drop is published before the answer").isLessThan(answer.offset());
            WarmPartitionDropped event = (WarmPartitionDropped) decode(dropped);
            assertThat(event.rows()).isEqualTo(ROWS);
            assertThat(event.warmPartitionId()).isEqualTo(DAY.replace("-", ""));
        }
        assertThat(sql.number("SELECT count() FROM " + OwnRetentionCorner.TABLE)).isZero();
        assertThat(drops.find(table.id(), DAY).orElseThrow().state()).isEqualTo(WarmDrop.State.DROPPED);
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }
}
