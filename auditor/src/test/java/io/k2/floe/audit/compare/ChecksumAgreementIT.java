package io.k2.floe.audit.compare;

import io.k2.floe.tiering.warm.figures.WarmFigures;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.audit.testing.WarmToCold;
import io.k2.floe.tiering.testing.ColdDoctor;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumns;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClickHouse's checksum and the auditor's agree on a table with every column type Floe maps, offloaded the way the
 * offload worker does it; and one lost, one duplicated or one altered row — in each column in turn — makes them
 * differ. Real ClickHouse, real Iceberg (JDBC catalog on PostgreSQL, S3) from the local stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChecksumAgreementIT {

    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "floe_audit_it_" + ID;
    /** 2026-11-20T00:00:00Z and the day after: two partitions. */
    private static final long DAY_US = 1_795_132_800_000_000L;
    private static final Instant FIRST_INGEST = Instant.parse("2026-11-21T10:00:00Z");

    private WarmSql sql;
    private ClickHouseHttp http;
    private ColdCatalogs catalogs;
    private CatalogTable table;
    private TableCatalog tableCatalog;
    private Table cold;
    private ExecutorService readers;

    @BeforeAll
    void offloadEveryType() throws Exception {
        try (WarmSql admin = WarmSql.fromEnvironment()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        http = new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"), env("FLOE_CLICKHOUSE_USER", "default"),
                env("FLOE_CLICKHOUSE_PASSWORD", ""), DATABASE, Duration.ofSeconds(5));
        sql = new WarmSql(http);
        sql.execute("CREATE TABLE every_type (id UInt32, i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8,"
                + " u16 UInt16, u32 UInt32, u64 UInt64, f32 Float32, f64 Float64, d32 Decimal(9, 3),"
                + " d64 Decimal(18, 8), d128 Decimal(38, 16), s String, lc LowCardinality(String), fs FixedString(4),"
                + " e Enum8('buy' = 1, 'sell' = 2), u UUID, day Date, at DateTime, n_dec Nullable(Decimal(18, 8)),"
                + " n_s Nullable(String), n_i Nullable(Int64), event_us Int64, trade_time_us Int64,"
                + " ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY id");
        insert(0, 3000, FIRST_INGEST);

        tableCatalog = TableCatalog.build(List.of(TableDefinition.builder("every_type").layer("bronze")
                .warmTable("every_type").coldTable("cold.every_type").partition("day(trade_time_us)")
                .clusterBy("id").orderingColumn("ingested_at").timeColumn("trade_time_us")
                .timeEncoding("epoch-micros").keyColumns("id").build()));
        table = tableCatalog.get("every_type");
        catalogs = LocalColdTier.open("audit_it_" + ID, "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/audit-it/" + ID);
        readers = Executors.newFixedThreadPool(2);
        offload(new Window(FIRST_INGEST.minusSeconds(60), FIRST_INGEST));
    }

    @AfterAll
    void dropEverything() throws Exception {
        if (catalogs != null) {
            catalogs.catalog().dropTable(ColdTables.identifier(table), true);
            catalogs.close();
        }
        if (sql != null) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.close();
        }
        if (readers != null) {
            readers.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void bothSidesAgreeOnEveryColumnType() throws Exception {
        long snapshot = cold.currentSnapshot().snapshotId();
        for (String label : List.of("2026-11-20", "2026-11-21")) {
            PartitionFigures warm = warm(label, FIRST_INGEST);
            PartitionFigures coldSide = cold(snapshot, label);
            assertThat(warm.rows()).as("rows of %s", label).isEqualTo(1500);
            assertThat(coldSide).as("partition %s", label).isEqualTo(warm);
            assertThat(warm.sameAs(coldSide)).isTrue();
            // the metadata alone gives the same count and time range, without reading data
            ColdFigures figures = new ColdFigures(cold, snapshot, side());
            PartitionFigures metadata = figures.fromMetadata(figures.files(label));
            assertThat(metadata.rows()).isEqualTo(warm.rows());
            assertThat(metadata.minMicros()).isEqualTo(warm.minMicros());
            assertThat(metadata.maxMicros()).isEqualTo(warm.maxMicros());
        }
    }

    @Test
    @Order(1)
    void aLostRowIsNoticed() throws Exception {
        assertDamageNoticed(ColdDoctor.loseOneRow(), "lost row");
    }

    @Test
    @Order(1)
    void aDuplicatedRowIsNoticed() throws Exception {
        assertDamageNoticed(ColdDoctor.duplicateOneRow(), "duplicated row");
    }

    @Test
    @Order(1)
    void anAlteredValueInAnyColumnIsNoticed() throws Exception {
        for (Types.NestedField field : cold.schema().columns()) {
            assertDamageNoticed(ColdDoctor.alterOneValue(field.name(), v -> changed(field.type(), v)),
                    "altered " + field.name());
        }
    }

    @Test
    @Order(2)
    void lateRowsBelowTheMarkerInEventTimeDoNotCountUntilOffloaded() throws Exception {
        Instant late = FIRST_INGEST.plusSeconds(120);
        insert(5000, 20, late);
        long before = cold.currentSnapshot().snapshotId();
        // warm now holds rows the marker has not reached: compared up to the marker, still equal
        assertThat(cold(before, "2026-11-20")).isEqualTo(warm("2026-11-20", FIRST_INGEST));

        offload(new Window(FIRST_INGEST, late));
        long after = cold.currentSnapshot().snapshotId();
        PartitionFigures warm = warm("2026-11-20", late);
        assertThat(warm.rows()).isEqualTo(1510);
        assertThat(cold(after, "2026-11-20")).isEqualTo(warm);
        assertThat(cold(after, "2026-11-21")).isEqualTo(warm("2026-11-21", late));
    }

    private void assertDamageNoticed(UnaryOperator<List<org.apache.iceberg.data.Record>> damage, String what)
            throws Exception {
        cold.refresh();
        long good = cold.currentSnapshot().snapshotId();
        Instant upTo = MarkerHistory.asOf(cold, good).orElseThrow().marker().windowUpper();
        long damaged = ColdDoctor.rewrite(cold, "2026-11-20", damage);
        try {
            PartitionFigures warm = warm("2026-11-20", upTo);
            assertThat(cold(good, "2026-11-20")).as("before the damage (%s)", what).isEqualTo(warm);
            PartitionFigures hurt = cold(damaged, "2026-11-20");
            assertThat(warm.sameAs(hurt)).as("%s noticed: warm %s, cold %s", what, warm, hurt).isFalse();
            // the other partition was not touched
            assertThat(cold(damaged, "2026-11-21")).isEqualTo(warm("2026-11-21", upTo));
        } finally {
            cold.manageSnapshots().rollbackTo(good).commit();
            cold.refresh();
        }
    }

    /** Rows {@code first..first+count-1}, half on each day, with edge values in every column. */
    private void insert(int first, int count, Instant ingested) {
        sql.execute("INSERT INTO every_type SELECT toUInt32(number), toInt8(number % 256 - 128),"
                + " toInt16(number * 7 - 10000), toInt32(number * 100003 - 2000000000), toInt64(number) * -922337203685,"
                + " toUInt8(number % 256), toUInt16(number * 13 % 65536), toUInt32(number * 1000003),"
                + " toUInt64(number) * 1537228672809129,"
                + " toFloat32(number / 7 - 100), if(number % 5 = 0, toFloat64(0), toFloat64(number) / 3 - 1e6),"
                + " toDecimal32(toString(number % 1000 - 500) || '.' || toString(number % 10) || '50', 3),"
                + " toDecimal64(toString(number * 37 % 100000) || '.' || toString(number % 100000000), 8),"
                + " toDecimal128(if(number % 3 = 0, '0', '-' || toString(number) || '.0000000000000001'), 16),"
                + " concat('row|', toString(number), ':', if(number % 4 = 0, 'ünïcödé €', ''), '\\t\\n'),"
                + " toString(number % 3), toFixedString(substring(hex(number), 1, 4), 4),"
                + " if(number % 2 = 0, 'buy', 'sell'),"
                + " toUUID(concat('6f1c0e0a-', lower(substring(hex(number + 4096), 1, 4)), '-4000-8000-000000000000')),"
                + " toDate('2020-01-01') + number % 3000, toDateTime(1600000000 + number * 17),"
                + " if(number % 3 = 0, NULL, toDecimal64(concat(toString(number), '.25'), 8)), if(number % 4 = 1, NULL, toString(number)),"
                + " if(number % 5 = 2, NULL, toInt64(number) - 1000),"
                + " toInt64(1700000000000000 + number * 1000001),"
                + " toInt64(" + DAY_US + " + (number % 2) * 86400000000 + (number % 3000) * 28000000),"
                + " toDateTime(" + ingested.getEpochSecond() + ")"
                + " FROM system.numbers LIMIT " + count + " OFFSET " + first);
    }

    private void offload(Window window) throws Exception {
        cold = WarmToCold.offload(http, catalogs.catalog(), table, window);
    }

    private AuditSide side() throws Exception {
        return AuditSide.of(table, cold, new WarmColumns(http), tableCatalog, new WarmFigures(http).decimalText());
    }

    private PartitionFigures warm(String label, Instant upTo) throws Exception {
        return new WarmFigures(http).of(side(), label, upTo);
    }

    private PartitionFigures cold(long snapshot, String label) throws Exception {
        ColdFigures figures = new ColdFigures(cold, snapshot, side());
        return figures.fromData(figures.files(label), readers);
    }

    /** A value of the same type that differs from {@code v} (a value when {@code v} is NULL). */
    private static Object changed(Type type, Object v) {
        return switch (type.typeId()) {
            case INTEGER -> v == null ? 1 : (Integer) v + 1;
            case LONG -> v == null ? 1L : (Long) v + 1;
            case FLOAT -> v == null ? 1f : Math.nextUp((Float) v);
            case DOUBLE -> v == null ? 1d : Math.nextUp((Double) v);
            case DECIMAL -> {
                int scale = ((Types.DecimalType) type).scale();
                BigDecimal ulp = BigDecimal.ONE.movePointLeft(scale);
                yield v == null ? ulp : ((BigDecimal) v).add(ulp);
            }
            case STRING -> v == null ? "" : v + "x";
            case FIXED -> {
                byte[] b = v instanceof ByteBuffer buffer ? bytes(buffer) : ((byte[]) v).clone();
                b[0] ^= 1;
                yield b;
            }
            case UUID -> v == null ? UUID.randomUUID() : new UUID(((UUID) v).getMostSignificantBits() + 1,
                    ((UUID) v).getLeastSignificantBits());
            case DATE -> v == null ? LocalDate.EPOCH : ((LocalDate) v).plusDays(1);
            case TIMESTAMP -> ((OffsetDateTime) v).plusNanos(1000);
            default -> throw new IllegalArgumentException("no change for " + type);
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
