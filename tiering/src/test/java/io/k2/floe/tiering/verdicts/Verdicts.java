package io.k2.floe.tiering.verdicts;

import java.time.Instant;
import java.util.Optional;

/** Verdicts for tests: every field set, the rows and checksums derived from the partition and snapshot. */
final class Verdicts {

    static final Instant MARKER = Instant.parse("2026-03-02T06:00:00.123456Z");

    private Verdicts() {
    }

    static RecordedVerdict verdict(String table, String partition, boolean equal, long snapshot, Instant auditedAt) {
        long warmRows = 1000 + (snapshot & 0xff);
        long coldRows = equal ? warmRows : warmRows - 1;
        Instant dayStart = Instant.parse(partition.length() == 10 ? partition + "T00:00:00Z" : "2026-03-01T00:00:00Z");
        return new RecordedVerdict(table, partition, equal, snapshot, MARKER, warmRows, coldRows,
                Optional.of("w" + warmRows), Optional.of(equal ? "w" + warmRows : "c" + coldRows),
                Optional.of(dayStart.plusNanos(1_000)), Optional.of(dayStart.plusSeconds(86_399)),
                Optional.of(dayStart.plusNanos(1_000)), Optional.of(dayStart.plusSeconds(equal ? 86_399 : 86_398)),
                "run-" + snapshot, "audit-" + table + "-" + snapshot, auditedAt);
    }
}
