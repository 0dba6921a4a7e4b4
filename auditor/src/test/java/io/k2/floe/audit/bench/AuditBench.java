package io.k2.floe.audit.bench;

import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.testing.bench.BenchTopics;

import java.util.Arrays;

/**
 * The Java half of {@code deploy/local/bench-audit} (a measurement, not a test): each step the script cannot do with
 * curl alone, as a sub-command that prints its figures as {@code key=value} lines on stdout (logs go to stderr).
 * Compiled and run by the script against the auditor's own class path ({@code quarkus-app/lib/main}), with the bench
 * plumbing shared with the offload bench (tiering's {@code io.k2.floe.tiering.testing.bench}).
 *
 * <pre>
 * scope     DIR PARTITION            the cold snapshot and marker the audit will use, and the auditor's own warm
 *                                    SQL for the partition, into DIR ({@link AuditScopeFigures})
 * cold-read PARTITION SNAPSHOT RUNS  the partition's cold rows read by Iceberg's generic reader alone ({@link ColdReadAlone})
 * topics    create|delete TOPIC...   the run's own command, event and dead-letter topics
 * audit     ARGS                     one AuditCommand sent to the auditor, its answer awaited ({@link AuditRoundTrip})
 * </pre>
 */
public final class AuditBench {

    /** The bench's table: the offload bench's 10 M bronze rows. */
    static final String TABLE = "bronze_trades_binance";

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "scope" -> AuditScopeFigures.main(rest);
                case "cold-read" -> ColdReadAlone.main(rest);
                case "topics" -> BenchTopics.main(rest);
                case "audit" -> AuditRoundTrip.main(rest);
                default -> usage();
            }
        } catch (BenchException e) {
            System.err.println("bench: ERROR: " + e.getMessage());
            System.exit(1);
        }
        // Kafka, HTTP and S3 clients may leave non-daemon threads behind; the step is over.
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: AuditBench scope|cold-read|topics|audit ... (see deploy/local/bench-audit)");
        System.exit(2);
    }
}
