package io.k2.floe.offload.bench;

import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.testing.bench.BenchTopics;

import java.util.Arrays;

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
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "window" -> BenchWindow.main(rest);
                case "decode" -> DecodeAlone.main(rest);
                case "topics" -> BenchTopics.main(rest);
                case "offload" -> OffloadRoundTrip.main(rest);
                case "cold" -> ColdTableFigures.main(rest);
                case "profile" -> ProfileSummary.main(rest);
                default -> usage();
            }
        } catch (BenchException e) {
            System.err.println("bench: ERROR: " + e.getMessage());
            System.exit(1);
        }
        // Kafka and HTTP clients may leave non-daemon threads behind; the step is over.
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: OffloadBench window|decode|topics|offload|cold|profile ... (see deploy/local/bench-offload)");
        System.exit(2);
    }
}
