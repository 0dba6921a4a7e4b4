package io.k2.floe.offload.bench;

import io.k2.floe.tiering.testing.bench.BenchSteps;
import io.k2.floe.tiering.testing.bench.BenchTopics;


/**
 * The Java half of {@code deploy/local/bench-offload} (a measurement, not a test): each step the script cannot do
 * with curl alone, as a sub-command that prints its figures as {@code key=value} lines on stdout (logs go to
 * stderr). Compiled and run by the script against the worker's own class path ({@code quarkus-app/lib/main}).
 *
 * <pre>
 * window   DIR                     the window holding every bench row and the worker's SQL for it, into DIR
 * decode   FILE RUNS               the RowBinary decoder alone over FILE (a saved export), best of RUNS
 * topics   create|delete TOPIC...  the run's own command, event and dead-letter topics
 * offload  ARGS                    one OffloadCommand sent to the worker, its answer awaited ({@link OffloadRoundTrip})
 * cold     TABLE [--purge]         the committed cold table's snapshot summary; --purge drops it with its files
 * profile  FILE.jfr TOP            where the worker's time went, from a Flight Recorder file
 * </pre>
 */
public final class OffloadBench {

    private OffloadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSteps.of("OffloadBench", "deploy/local/bench-offload")
                .step("window", BenchWindow::main)
                .step("decode", DecodeAlone::main)
                .step("topics", BenchTopics::main)
                .step("offload", OffloadRoundTrip::main)
                .step("cold", ColdTableFigures::main)
                .step("profile", ProfileSummary::main)
                .run(args);
    }
}
