package io.k2.floe.audit.bench;

import io.k2.floe.tiering.testing.bench.BenchSteps;
import io.k2.floe.tiering.testing.bench.BenchTopics;


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
        BenchSteps.of("AuditBench", "deploy/local/bench-audit")
                .step("scope", AuditScopeFigures::main)
                .step("cold-read", ColdReadAlone::main)
                .step("topics", BenchTopics::main)
                .step("audit", AuditRoundTrip::main)
                .run(args);
    }
}
