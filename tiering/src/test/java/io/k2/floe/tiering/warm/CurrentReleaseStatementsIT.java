package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.ComparedWarmTier;
import io.k2.floe.tiering.testing.RecordingClickHouse;
import io.k2.floe.tiering.testing.RecordingClickHouse.Label;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.DecimalText;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.RowBytes;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-tier statements Floe's Java code sends, built by Floe's own classes for each of the catalog's nine tables and
 * sent through a {@link RecordingClickHouse} to the real ClickHouse 18.16 of the local stack, over trades of a database of
 * this test's own: column discovery ({@code system.columns}, {@code system.tables}), the window reads (bronze, silver
 * {@code FINAL}, gold bars computed from silver with the reads that find their trades), the window's time bounds, the
 * repair's partition read, the auditor's figures and checksum, and the decimal-text probe.
 *
 * <p>Here it checks what 18.16 answers (the checksum equals the one the auditor computes from the rows it reads). With
 * {@code FLOE_COMPARE_DIR} set it also leaves the recording there ({@link ComparedWarmTier#write()}), for
 * deploy/clickhouse/compare-current to run the same statements on a current ClickHouse over the same rows.
 */
class CurrentReleaseStatementsIT {

    /** Inside the two days of trades of {@link ComparedWarmTier#fill}. */
    private static final Window WINDOW = new Window(Instant.parse("2025-01-01T06:00:00Z"), Instant.parse("2025-01-02T06:00:00Z"));
    /** The marker's upper bound for the partition reads and the audit: the whole feed has been offloaded by then. */
    private static final Instant UPPER = Instant.parse("2025-01-04T00:00:00Z");

    @Test
    void floesStatementsAnswerOn1816AsTheAuditorExpects() throws Exception {
        try (ComparedWarmTier tier = ComparedWarmTier.create("warm-reads")) {
            List<RecordingClickHouse.Statement> statements = record(tier);
            assertThat(statements).allSatisfy(s -> assertThat(s.status()).as(s.label().name() + ": " + s.sql()).isEqualTo(200));
            tier.write();
        }
    }

    /** Floe's classes, through the recorder: every statement they send, with 18.16's answer. */
    private List<RecordingClickHouse.Statement> record(ComparedWarmTier recorder) throws IOException {
        TableCatalog catalog = TableCatalog.load();
        assertThat(catalog.tables()).hasSize(9);
        ClickHouseHttp http = recorder.http();
        {
            WarmColumns discovery = new WarmColumns(http);
            WarmReader reader = new WarmReader(http);
            WarmFigures figures = new WarmFigures(http);
            recorder.label(new Label("decimal text probe", "decimal-probe", List.of(), List.of(), "1.5"));
            assertThat(figures.decimalText()).isEqualTo(DecimalText.FULL_SCALE);
            for (CatalogTable table : catalog.tables()) {
                String id = table.id();
                recorder.label(new Label(id + ": columns (system.columns)", "columns", List.of("String", "String"), List.of(0), null));
                List<WarmColumn> columns = discovery.of(table);
                recorder.label(new Label(id + ": engine, FINAL or not (system.tables)", "rows", List.of("String", "String"), List.of(0), null));
                boolean needsFinal = discovery.needsFinal(table.warmRead());
                recorder.label(new Label(id + ": time column in the sorting key (system.columns)", "rows", List.of("String", "String"), List.of(0), null));
                discovery.inSortingKey(table.warmRead(), table.timeColumn());
                WarmWindowQuery query = new WarmWindowQuery(table, columns, needsFinal);
                List<String> types = columns.stream().map(c -> c.warmType().text()).toList();
                List<Integer> key = orderKey(table, columns);
                String label = table.partition().labelOf(WINDOW.lower());
                Optional<GoldBars> bars = table.isGold() ? Optional.of(GoldBars.of(catalog, table)) : Optional.empty();
                RecordingSink windowRows = new RecordingSink(columns.size());
                if (bars.isPresent()) {
                    recorder.label(new Label(id + ": the window's trades (bar reads without FINAL)", "rows",
                            List.of("String", "String", "Int64"), List.of(), null));
                    TradeSelection trades = GoldWindowRanges.of(reader, bars.get(), WINDOW);
                    recorder.label(new Label(id + ": window read (bars from silver FINAL)", "rows", types, key, null));
                    reader.read(query.window(WINDOW, bars.get(), trades), query.settings(), columns, windowRows);
                } else {
                    recorder.label(new Label(id + ": window time bounds", "rows", List.of("Int64", "Int64", "UInt64"), List.of(), null));
                    long[] bounds = new long[3];
                    reader.read(query.timeBounds(WINDOW), List.of(ColdTypeMapping.column(id, "min", "Int64", null),
                            ColdTypeMapping.column(id, "max", "Int64", null), ColdTypeMapping.column(id, "count", "UInt64", null)),
                            new RowSinkAdapter() {
                                @Override
                                public void setLong(int column, long value) {
                                    bounds[column] = value;
                                }

                                @Override
                                public boolean endRow() {
                                    return true;
                                }
                            });
                    recorder.label(new Label(id + ": window read" + (needsFinal ? " (FINAL)" : ""), "rows", types, key, null));
                    reader.read(query.window(WINDOW), query.settings(), columns, windowRows);
                    recorder.label(new Label(id + ": window read within its time bounds", "rows", types, key, null));
                    reader.read(query.window(WINDOW, bounds[0], bounds[1]), query.settings(), columns, new RecordingSink(columns.size()));
                }
                assertThat(windowRows.rows).as(id + ": the window holds rows").isNotEmpty();
                recorder.label(new Label(id + ": partition " + label + " read (repair)", "rows", types, key, null));
                RecordingSink partitionRows = new RecordingSink(columns.size());
                reader.read(bars.isPresent() ? query.partition(label, UPPER, bars.get()) : query.partition(label, UPPER),
                        query.settings(), columns, partitionRows);

                // The auditor's figures: 18.16's checksum must be the one the auditor computes from these rows with
                // 18.16's decimal text; a current release prints decimals trimmed, so its checksum is the one computed
                // with trimmed decimals (what the auditor's cold side writes against it).
                WarmColumn time = columns.stream().filter(c -> c.name().equals(table.timeColumn())).findFirst().orElseThrow();
                long trimmed = checksum(columns, partitionRows, DecimalText.TRIMMED);
                AuditSide side = new AuditSide(table, new RowChecksum(columns, DecimalText.FULL_SCALE), time, query, bars);
                recorder.label(new Label(id + ": audit figures of partition " + label + " (count, time range, checksum)",
                        "figures", List.of(), List.of(), Long.toUnsignedString(trimmed)));
                PartitionFigures warm = figures.of(side, label, UPPER);
                assertThat(warm.rows()).as(id).isEqualTo(partitionRows.rows.size());
                assertThat(warm.checksum()).as(id + ": 18.16's checksum against the auditor's computation")
                        .contains(Long.toUnsignedString(checksum(columns, partitionRows, DecimalText.FULL_SCALE)));
            }
            return recorder.statements();
        }
    }

    /** Positions of the read's ORDER BY columns (cluster-by; the partition follows from the time column among them). */
    private static List<Integer> orderKey(CatalogTable table, List<WarmColumn> columns) {
        List<String> names = columns.stream().map(WarmColumn::name).toList();
        List<Integer> key = new ArrayList<>();
        for (String c : table.clusterBy()) {
            key.add(names.indexOf(c));
        }
        if (!table.clusterBy().contains(table.timeColumn())) {
            key.addFirst(names.indexOf(table.timeColumn()));
        }
        return key;
    }

    private static long checksum(List<WarmColumn> columns, RecordingSink rows, DecimalText decimals) {
        RowChecksum checksum = new RowChecksum(columns, decimals);
        RowBytes buffer = new RowBytes();
        long sum = 0;
        for (List<Object> row : rows.rows) {
            sum += checksum.coldRowHash(i -> row.get(i) instanceof Instant t ? t.atOffset(ZoneOffset.UTC)
                    : row.get(i) == RecordingSink.NULL ? null : row.get(i), buffer);
        }
        return sum;
    }
}
