package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.testing.bench.BenchSteps;
import io.k2.floe.tiering.testing.bench.BenchTopics;


/**
 * The Java half of {@code deploy/local/bench-maintenance} (a measurement, not a test): each step the script cannot do
 * with curl alone, as a sub-command printing its figures as {@code key=value} lines on stdout (logs on stderr).
 * Compiled and run by the script against the maintenance worker's own class path, with the bench plumbing shared
 * with the other benchmarks (tiering's {@code io.k2.floe.tiering.testing.bench}).
 *
 * <pre>
 * fill    LOWER MINUTES COUNT       COUNT consecutive offload windows of MINUTES each after LOWER, through tiering's
 *                                   offload path (warm query, row sink, window writer, marker commit) ({@link FillWindows})
 * shape   [PREFIX]                  data files, bytes, manifests, snapshots and files per partition ({@link TableShape})
 * queries N SEED [PREFIX]           N one-symbol, one-day reads with filter pushdown through Iceberg's generic reader:
 *                                   p50 and p99 ({@link SymbolDayQueries})
 * read-alone FIRST LAST            every row of those days through Iceberg's generic reader alone: the compaction's
 *                                   reference ({@link ReadAlone})
 * topics  create|delete TOPIC...    the run's own command, event and dead-letter topics
 * compact ARGS                      one COMPACT MaintenanceCommand through the worker, its answer awaited
 *                                   ({@link CompactionRoundTrip})
 * drop                              the bench's cold table is dropped with its files
 * </pre>
 */
public final class MaintenanceBench {

    /** The bench's table: bronze Binance trades, in the bench's own ClickHouse database and Iceberg catalog. */
    static final String TABLE = "bronze_trades_binance";

    private MaintenanceBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSteps.of("MaintenanceBench", "deploy/local/bench-maintenance")
                .step("fill", FillWindows::main)
                .step("shape", TableShape::main)
                .step("queries", SymbolDayQueries::main)
                .step("read-alone", ReadAlone::main)
                .step("topics", BenchTopics::main)
                .step("compact", CompactionRoundTrip::main)
                .step("drop", rest -> BenchTable.drop())
                .run(args);
    }
}
