package io.k2.floe.audit.bench;

import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * What the audit of one partition will compare, found the way {@code TableAudit} finds it: the cold table's current
 * snapshot and the marker it is bounded by, the compared columns ({@link AuditSide}), and the warm SQL that
 * {@link WarmFigures} sends for the partition — the auditor's own builder's text,
 * so the ClickHouse reference is timed on exactly the auditor's query.
 *
 * <p>Writes {@code DIR/warm.sql} and {@code DIR/warm.params} (query-level settings as URL parameters); prints the
 * snapshot, the marker's upper bound and the compared columns. Fails when the cold table is missing
 * ({@code cold_table=missing} first, so the script can make it).
 */
final class AuditScopeFigures {

    private AuditScopeFigures() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new BenchException("usage: scope DIR PARTITION");
        }
        Path dir = Path.of(args[0]);
        String label = args[1];
        CatalogTable table = TableCatalog.load().get(AuditBench.TABLE);
        try (ClickHouseHttp http = BenchEnv.clickHouse();
             ColdCatalogs catalogs = ColdCatalogs.open(BenchEnv.catalog(), BenchEnv.objectStore())) {
            Table cold;
            try {
                cold = catalogs.catalog().loadTable(ColdTables.identifier(table));
            } catch (NoSuchTableException e) {
                System.out.println("cold_table=missing");
                throw new BenchException("no cold table " + ColdTables.identifier(table) + " in catalog "
                        + BenchEnv.catalog().catalogName());
            }
            if (cold.currentSnapshot() == null) {
                throw new BenchException("cold table " + cold.name() + " has no snapshot");
            }
            long snapshotId = cold.currentSnapshot().snapshotId();
            MarkerAt marker = MarkerHistory.asOf(cold, snapshotId)
                    .orElseThrow(() -> new BenchException("cold table " + cold.name() + " has no marker"));
            Instant upTo = marker.marker().windowUpper();
            WarmFigures warmFigures = new WarmFigures(http);
            AuditSide side = AuditSide.of(table, cold, new WarmColumns(http), TableCatalog.load(),
                    warmFigures.decimalText());
            Files.writeString(dir.resolve("warm.sql"), WarmFigures.sql(side, label, upTo));
            Files.writeString(dir.resolve("warm.params"), side.query().settings().entrySet().stream()
                    .map(e -> "&" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining()));
            System.out.println("cold_table=" + cold.name());
            System.out.println("cold_location=" + cold.location());
            System.out.println("snapshot_id=" + snapshotId);
            System.out.println("snapshot_records=" + cold.currentSnapshot().summary().getOrDefault("total-records", ""));
            System.out.println("marker_upper=" + upTo);
            System.out.println("columns=" + side.columns().stream().map(WarmColumn::name)
                    .collect(Collectors.joining(",")));
        }
    }
}
