package io.k2.floe.coordinator.api;

import io.k2.floe.tiering.messages.PartitionVerdict;

import java.util.Optional;

/** Verdicts as the auditor writes them, for tests that answer audits in its place. */
final class AuditVerdicts {

    private AuditVerdicts() {
    }

    static PartitionVerdict mismatched(String partition, long warmRows, long coldRows) {
        return new PartitionVerdict(partition, false, warmRows, coldRows, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("w-checksum"), Optional.of("c-checksum"));
    }

    static PartitionVerdict equal(String partition, long rows) {
        return new PartitionVerdict(partition, true, rows, rows, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("checksum"), Optional.of("checksum"));
    }
}
