package io.k2.floe.maintenance.retention;

import io.k2.floe.maintenance.retention.Refusal.Reason;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.verdicts.Verification;
import io.k2.floe.tiering.verdicts.VerificationResult;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether one warm partition may be dropped (R-RETENTION, docs/requirements.md), trusting nothing the command says: past the
 * table's retention; the latest verdict equal; that verdict taken at the partition's current cold files
 * ({@link Verification}); no gold table still needing the rows for a repair; and the warm partition, found in
 * {@code system.parts}, still giving the verdict's rows and checksum by the auditor's own query. See
 * docs/maintenance/retention.md.
 */
final class RetentionChecks {

    /** Warm rows are counted up to this far past now: every row ingested so far, whatever its ingestion clock. */
    private static final Duration EVERY_ROW = Duration.ofDays(1);

    private final TableCatalog catalog;
    private final Supplier<Catalog> cold;
    private final VerdictStore verdicts;
    private final WarmColumns warmColumns;
    private final WarmFigures warmFigures;
    private final WarmPartitions warmPartitions;

    RetentionChecks(TableCatalog catalog, Supplier<Catalog> cold, VerdictStore verdicts, ClickHouseHttp http) {
        this.catalog = catalog;
        this.cold = cold;
        this.verdicts = verdicts;
        this.warmColumns = new WarmColumns(http);
        this.warmFigures = new WarmFigures(http);
        this.warmPartitions = new WarmPartitions(http);
    }

    WarmPartitions warmPartitions() {
        return warmPartitions;
    }

    /** What the checks found for one partition. */
    sealed interface Decision {
    }

    /** Every check holds: the partition may be dropped. */
    record Drop(DropProof proof) implements Decision {
    }

    /** The warm table holds no row of the partition: nothing to drop. */
    record NothingThere() implements Decision {
    }

    /** Left alone, with the reason. */
    record Refuse(Refusal refusal) implements Decision {
    }

    /** Runs every check for partition {@code label} of {@code table} at {@code now}. */
    Decision decide(CatalogTable table, String label, Instant now) throws IOException {
        PartitionTransform transform = table.partition();
        Instant end = transform.endOf(label);
        Duration retention = table.maintenance().warmRetention();
        if (end.plus(retention).isAfter(now)) {
            return refuse(Reason.NOT_PAST_RETENTION, "partition ends at " + end + "; with warm retention "
                    + retention + " it may go from " + end.plus(retention));
        }
        Optional<RecordedVerdict> latest = verdicts.latest(table.id(), label);
        if (latest.isEmpty()) {
            return refuse(Reason.NOT_VERIFIED, "no audit verdict for the partition: audit it first");
        }
        RecordedVerdict verdict = latest.get();
        if (verdict.equal() && verdict.warmChecksum().isEmpty()) {
            return refuse(Reason.NOT_VERIFIED, "the latest verdict (audited " + verdict.auditedAt()
                    + ") has no warm checksum to check the warm partition against: audit it again");
        }
        if (!verdict.equal()) {
            return refuse(Reason.MISMATCH, "the latest verdict (audited " + verdict.auditedAt() + " at snapshot "
                    + verdict.coldSnapshotId() + ") found warm " + verdict.warmRows() + " rows and cold "
                    + verdict.coldRows() + " different: repair and audit it first");
        }
        Optional<Table> coldTable = load(table);
        if (coldTable.isEmpty()) {
            return refuse(Reason.COLD_CHANGED, "cold table " + table.coldTable() + " does not exist");
        }
        VerificationResult verified = Verification.isVerified(latest, coldTable.get(), transform);
        if (!verified.verified()) {
            return refuse(Reason.COLD_CHANGED, verified.reason() + ": audit it again");
        }
        Optional<Refusal> downstream = downstreamNeedsIt(table, label);
        if (downstream.isPresent()) {
            return new Refuse(downstream.get());
        }
        AuditSide side = AuditSide.of(table, coldTable.get(), warmColumns, catalog, warmFigures.decimalText());
        WarmPartitions.Lookup lookup = warmPartitions.find(table, side.timeColumn(), label);
        return switch (lookup) {
            case WarmPartitions.Absent absent -> new NothingThere();
            case WarmPartitions.Wider wider -> refuse(Reason.WARM_PARTITION_WIDER, wider.why());
            case WarmPartitions.Found found -> warmUnchanged(side, label, verdict, found.partition(), now)
                    .<Decision>map(Refuse::new)
                    .orElseGet(() -> new Drop(new DropProof(label, verdict, found.partition())));
        };
    }

    /**
     * Whether the warm partition still gives the verdict's figures. Bronze and silver: the auditor's warm query over
     * every row ingested so far (a late row since the verdict changes the count and the checksum). Gold: the auditor's
     * query computes bars from silver, whose days go long before gold's; so the gold table's own partition is asked
     * instead: as many bars as the verdict, and no trade in them ingested after the verdict's marker.
     */
    private Optional<Refusal> warmUnchanged(AuditSide side, String label, RecordedVerdict verdict,
                                            WarmPartition partition, Instant now) throws IOException {
        if (side.table().isGold()) {
            return goldUnchanged(side.table(), verdict, partition);
        }
        PartitionFigures warm = warmFigures.of(side, label, now.plus(EVERY_ROW));
        if (warm.rows() != verdict.warmRows() || !warm.checksum().equals(verdict.warmChecksum())) {
            return Optional.of(new Refusal(Reason.WARM_CHANGED, "the warm partition now has " + warm.rows()
                    + " rows (checksum " + warm.checksum().orElse("none") + "), the verdict of " + verdict.auditedAt()
                    + " " + verdict.warmRows() + " (checksum " + verdict.warmChecksum().orElse("none")
                    + "): audit it again"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> goldUnchanged(CatalogTable table, RecordedVerdict verdict, WarmPartition partition)
            throws IOException {
        WarmPartitions.Bars bars = warmPartitions.bars(table, partition);
        if (bars.count() != verdict.warmRows() || bars.lastIngested().isAfter(verdict.markerUpper())) {
            return Optional.of(new Refusal(Reason.WARM_CHANGED, "the warm partition now has " + bars.count()
                    + " bars, last trade ingested " + bars.lastIngested() + "; the verdict of " + verdict.auditedAt()
                    + " " + verdict.warmRows() + " bars up to " + verdict.markerUpper() + ": audit it again"));
        }
        return Optional.empty();
    }

    /**
     * A gold table computes its warm bars from this table's rows (a repair of a gold month reads silver): while the
     * gold partition covering this one is not verified, these rows may still be needed.
     */
    private Optional<Refusal> downstreamNeedsIt(CatalogTable table, String label) {
        Instant start = table.partition().startOf(label);
        Instant end = table.partition().endOf(label);
        for (CatalogTable downstream : catalog.downstreams(table.id())) {
            if (!downstream.isGold()) {
                continue;
            }
            PartitionTransform transform = downstream.partition();
            for (Instant t = start; t.isBefore(end); t = transform.endOf(transform.labelOf(t))) {
                String covering = transform.labelOf(t);
                Optional<Table> downstreamCold = load(downstream);
                VerificationResult verified = downstreamCold.isEmpty()
                        ? new VerificationResult(false, "no cold table " + downstream.coldTable())
                        : Verification.isVerified(verdicts.latest(downstream.id(), covering), downstreamCold.get(),
                        transform);
                if (!verified.verified()) {
                    return Optional.of(new Refusal(Reason.UPSTREAM_NEEDS_IT, downstream.id() + " " + covering
                            + " is not verified (" + verified.reason() + "): a repair of it would read these rows"));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Table> load(CatalogTable table) {
        try {
            return Optional.of(cold.get().loadTable(ColdTables.identifier(table)));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    private static Decision refuse(Reason reason, String message) {
        return new Refuse(new Refusal(reason, message));
    }
}
