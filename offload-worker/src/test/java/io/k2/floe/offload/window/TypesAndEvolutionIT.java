package io.k2.floe.offload.window;

import io.k2.floe.offload.OwnColdCatalog;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.k2.floe.offload.window.OffloadTestSupport.awaitCompleted;
import static io.k2.floe.offload.window.OffloadTestSupport.awaitFailed;
import static io.k2.floe.offload.window.OffloadTestSupport.command;
import static io.k2.floe.offload.window.OffloadTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ClickHouse type 18.16 can hold (R-TYPES; DateTime64 and Bool, which it cannot, are decoded from fixtures a
 * current ClickHouse made, in tiering's RowBinaryFixturesTest) goes through a real offload into Iceberg with its
 * value intact; a column added to the warm table evolves the cold table; a column of a type Floe cannot map fails
 * the offload naming table and column, and changes nothing. The warm table is a test-only catalog entry
 * ({@link OwnColdCatalog#ALL_TYPES}): adding a table is configuration.
 */
@QuarkusTest
@TestProfile(OwnColdCatalog.WithOwnWarmTier.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypesAndEvolutionIT {

    /** The catalog id of the test-only table. */
    private static final String ID = OwnColdCatalog.ALL_TYPES;
    private static final Map<String, String> LOW_CARDINALITY = Map.of("allow_experimental_low_cardinality_type", "1");

    @Inject
    TableCatalog tables;
    @Inject
    ColdTier coldTier;

    /** The worker's warm database: the test's own (OwnColdCatalog.WithOwnWarmTier), never the user's k2. */
    private final WarmSql warm = new WarmSql(WarmSql.httpFor(
            ConfigProvider.getConfig().getValue("floe.clickhouse.database", String.class)));
    private KafkaTestClient kafka;

    /** Its warm table, of this run's own (see {@link OwnColdCatalog}). */
    private String warmTable;

    @BeforeAll
    void createTheWarmTable() {
        warmTable = tables.get(ID).warmTable();
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        warm.execute("DROP TABLE IF EXISTS " + warmTable);
        warm.execute("""
                CREATE TABLE %s (
                    id UInt64, symbol LowCardinality(String), event_time DateTime, ingested_at DateTime,
                    i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64,
                    f32 Float32, f64 Float64, d32 Decimal(9, 2), d64 Decimal(18, 8), d128 Decimal(38, 16),
                    s String, fs FixedString(4), e8 Enum8('buy' = 1, 'sell' = 2), e16 Enum16('low' = -1000, 'high' = 1000),
                    uid UUID, d Date, ns Nullable(String), ni Nullable(Int32), lcn LowCardinality(Nullable(String)),
                    seen_us Int64
                ) ENGINE = MergeTree PARTITION BY toYYYYMMDD(event_time) ORDER BY (symbol, event_time, id)
                """.formatted(warmTable), LOW_CARDINALITY);
    }

    @AfterAll
    void close() {
        warm.execute("DROP TABLE IF EXISTS " + warmTable);
        warm.close();
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyTypeArrivesIntactAndANewColumnEvolvesTheColdTable() {
        CatalogTable table = tables.get(ID);
        Instant lower = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);
        Instant upper = lower.plusSeconds(5);
        long ingested = lower.getEpochSecond() + 2;
        warm.execute("INSERT INTO " + warmTable + " VALUES "
                + "(1, 'BTC/USDT', toDateTime('2024-05-01 10:00:00'), toDateTime(" + ingested + "), -128, -32768, -2147483648,"
                + " -9223372036854775808, 255, 65535, 4294967295, 9223372036854775807, 1.5, -2.25, 1234567.89,"
                + " 97123.12345678, 123456789012345678901.1234567890123456, 'héllo', 'abcd', 'buy', 'low',"
                + " '61f0c404-5cb3-11e7-907b-a6006ad3dba0', '2024-05-01', NULL, NULL, NULL, 1714557600123456),"
                + "(2, 'ETH/USDT', toDateTime('2024-05-02 23:59:59'), toDateTime(" + ingested + "), 127, 32767, 2147483647,"
                + " 9223372036854775807, 0, 0, 0, 0, -0.0, 1e300, -0.01, -0.00000001, -0.0000000000000001, '', 'wxyz',"
                + " 'sell', 'high', '00000000-0000-0000-0000-000000000000', '1970-01-01', 'text', -7, 'lc', 0)",
                LOW_CARDINALITY);
        try (KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            OffloadCommand first = command(ID, lower, upper);
            send(kafka, first);
            OffloadCompleted done = awaitCompleted(events, first);
            assertThat(done.rows()).isEqualTo(2);

            Table cold = coldTier.catalog().loadTable(io.k2.floe.tiering.cold.ColdTables.identifier(table));
            Types.StructType schema = cold.schema().asStruct();
            assertThat(schema.field("i8").type()).isEqualTo(Types.IntegerType.get());
            assertThat(schema.field("u32").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.field("u64").type()).isEqualTo(Types.LongType.get());
            assertThat(schema.field("f32").type()).isEqualTo(Types.FloatType.get());
            assertThat(schema.field("d32").type()).isEqualTo(Types.DecimalType.of(9, 2));
            assertThat(schema.field("d128").type()).isEqualTo(Types.DecimalType.of(38, 16));
            assertThat(schema.field("fs").type()).isEqualTo(Types.FixedType.ofLength(4));
            assertThat(schema.field("e8").type()).isEqualTo(Types.StringType.get());
            assertThat(schema.field("uid").type()).isEqualTo(Types.UUIDType.get());
            assertThat(schema.field("d").type()).isEqualTo(Types.DateType.get());
            assertThat(schema.field("event_time").type()).isEqualTo(Types.TimestampType.withZone());
            assertThat(schema.field("seen_us").type()).isEqualTo(Types.TimestampType.withZone());
            assertThat(schema.field("symbol").isRequired()).isTrue();
            assertThat(schema.field("ns").isOptional()).isTrue();
            assertThat(schema.field("lcn").isOptional()).isTrue();

            List<Record> rows = read(cold);
            Record a = rows.get(0);
            assertThat(a.getField("symbol")).isEqualTo("BTC/USDT");
            assertThat(a.getField("event_time")).isEqualTo(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.UTC));
            assertThat(a.getField("i8")).isEqualTo(-128);
            assertThat(a.getField("i16")).isEqualTo(-32768);
            assertThat(a.getField("i32")).isEqualTo(Integer.MIN_VALUE);
            assertThat(a.getField("i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(a.getField("u8")).isEqualTo(255);
            assertThat(a.getField("u16")).isEqualTo(65535);
            assertThat(a.getField("u32")).isEqualTo(4294967295L);
            assertThat(a.getField("u64")).isEqualTo(Long.MAX_VALUE);
            assertThat(a.getField("f32")).isEqualTo(1.5f);
            assertThat(a.getField("f64")).isEqualTo(-2.25d);
            assertThat(a.getField("d32")).isEqualTo(new BigDecimal("1234567.89"));
            assertThat(a.getField("d64")).isEqualTo(new BigDecimal("97123.12345678"));
            assertThat(a.getField("d128")).isEqualTo(new BigDecimal("123456789012345678901.1234567890123456"));
            assertThat(a.getField("s")).isEqualTo("héllo");
            assertThat(bytes(a.getField("fs"))).isEqualTo("abcd".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.getField("e8")).isEqualTo("buy");
            assertThat(a.getField("e16")).isEqualTo("low");
            assertThat(a.getField("uid")).isEqualTo(UUID.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0"));
            assertThat(a.getField("d")).isEqualTo(LocalDate.of(2024, 5, 1));
            assertThat(a.getField("ns")).isNull();
            assertThat(a.getField("ni")).isNull();
            assertThat(a.getField("lcn")).isNull();
            assertThat(a.getField("seen_us")).isEqualTo(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 123_456_000, ZoneOffset.UTC));
            Record b = rows.get(1);
            assertThat(b.getField("f64")).isEqualTo(1e300);
            assertThat(b.getField("d32")).isEqualTo(new BigDecimal("-0.01"));
            assertThat(b.getField("d128")).isEqualTo(new BigDecimal("-0.0000000000000001"));
            assertThat(b.getField("s")).isEqualTo("");
            assertThat(b.getField("e16")).isEqualTo("high");
            assertThat(b.getField("d")).isEqualTo(LocalDate.of(1970, 1, 1));
            assertThat(b.getField("ns")).isEqualTo("text");
            assertThat(b.getField("ni")).isEqualTo(-7);
            assertThat(b.getField("lcn")).isEqualTo("lc");
            // two event days, two partitions
            assertThat(done.dataFiles()).isEqualTo(2);

            // the warm table gains a column: the next window evolves the cold table, older rows read it as null
            warm.execute("ALTER TABLE " + warmTable + " ADD COLUMN venue Nullable(String)");
            long later = upper.getEpochSecond() + 2;
            warm.execute("INSERT INTO " + warmTable + " (id, symbol, event_time, ingested_at, s, fs, e8, e16, uid, d,"
                    + " venue) VALUES (3, 'BTC/USDT', toDateTime('2024-05-03 00:00:00'), toDateTime(" + later + "),"
                    + " 'x', 'zzzz', 'sell', 'low', '61f0c404-5cb3-11e7-907b-a6006ad3dba1', '2024-05-03', 'XNAS')",
                    LOW_CARDINALITY);
            OffloadCommand second = command(ID, upper, upper.plusSeconds(5));
            send(kafka, second);
            assertThat(awaitCompleted(events, second).rows()).isEqualTo(1);
            cold.refresh();
            assertThat(cold.schema().findField("venue")).isNotNull();
            assertThat(cold.schema().findField("venue").type()).isEqualTo(Types.StringType.get());
            List<Record> all = read(cold);
            assertThat(all).hasSize(3);
            assertThat(all).extracting(r -> r.getField("venue")).containsExactly(null, null, "XNAS");

            // a value its cold type cannot hold, met after rows of an earlier partition were written: the attempt
            // fails naming it, lists the files it wrote, and none of them is in the table
            long snapshot = cold.currentSnapshot().snapshotId();
            long third = upper.getEpochSecond() + 7;
            // enough good rows of an earlier day that the writer has files open when the bad value comes
            warm.execute("INSERT INTO " + warmTable + " (id, symbol, event_time, ingested_at, u64, fs, uid) SELECT"
                    + " 100 + number, 'BTC/USDT', toDateTime('2024-05-04 00:00:00') + number % 86400, toDateTime(" + third
                    + "), number, 'aaaa', toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba4') FROM system.numbers LIMIT 50000",
                    LOW_CARDINALITY);
            warm.execute("INSERT INTO " + warmTable + " (id, symbol, event_time, ingested_at, u64, fs, uid) VALUES"
                    + " (5, 'BTC/USDT', toDateTime('2024-05-05 00:00:00'), toDateTime(" + third + "), 18446744073709551615,"
                    + " 'bbbb', '61f0c404-5cb3-11e7-907b-a6006ad3dba5')", LOW_CARDINALITY);
            OffloadCommand overflow = command(ID, upper.plusSeconds(5), upper.plusSeconds(10));
            send(kafka, overflow);
            TaskFailed outOfRange = awaitFailed(events, overflow);
            assertThat(outOfRange.errorType()).isEqualTo(ErrorTypes.VALUE_OUT_OF_RANGE);
            assertThat(outOfRange.message()).contains(warmTable).contains("u64").contains("18446744073709551615");
            assertThat(outOfRange.uncommittedFiles()).isNotEmpty().allMatch(f -> f.endsWith(".parquet"));
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(snapshot);
            List<String> inTable = new ArrayList<>();
            try (var tasks = cold.newScan().planFiles()) {
                tasks.forEach(t -> inTable.add(t.file().location()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(inTable).doesNotContainAnyElementsOf(outOfRange.uncommittedFiles());

            // a column Floe cannot map: the offload fails naming table and column, and the table stays as it was
            warm.execute("ALTER TABLE " + warmTable + " ADD COLUMN tags Array(String)");
            OffloadCommand unmappable = command(ID, upper.plusSeconds(5), upper.plusSeconds(10));
            send(kafka, unmappable);
            TaskFailed failed = awaitFailed(events, unmappable);
            assertThat(failed.errorType()).isEqualTo(ErrorTypes.UNSUPPORTED_TYPE);
            assertThat(failed.message()).contains(warmTable).contains("tags").contains("Array(String)");
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(snapshot);
            assertThat(cold.schema().findField("tags")).isNull();
        }
    }

    private static List<Record> read(Table cold) {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(cold).build()) {
            records.forEach(r -> rows.add(r.copy()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        rows.sort(Comparator.comparingLong(r -> ((Number) r.getField("id")).longValue()));
        return rows;
    }

    private static byte[] bytes(Object fixed) {
        if (fixed instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        return (byte[]) fixed;
    }
}
