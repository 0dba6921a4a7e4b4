package io.k2.floe.audit.compare;

import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.messages.AuditCommand;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which partitions an audit command names, and the labels the auditor refuses before touching either tier. */
class AuditScopeTest {

    private static final PartitionTransform DAY = new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us");

    private static AuditCommand ofPartitions(String... labels) {
        return AuditCommand.ofPartitions("cmd-1", "run-1", "bronze_trades_binance", 1, List.of(labels),
                Instant.parse("2026-03-02T10:15:00Z"));
    }

    @Test
    void labelsAreSortedAndTheFirstDaySinceTheEpochIsAccepted() {
        assertThat(AuditScope.partitions(ofPartitions("2026-03-02", "1970-01-01"), DAY, 1000))
                .containsExactly("1970-01-01", "2026-03-02");
    }

    @Test
    void aLabelOutsideTheSupportedTimeSpanIsAnInvalidAuditNamingIt() {
        // these parse as days, but would overflow the warm tier's DateTime64 bounds far from the cause
        for (String label : List.of("-100000-01-01", "1969-12-31")) {
            assertThatThrownBy(() -> AuditScope.partitions(ofPartitions(label), DAY, 1000))
                    .isInstanceOf(AuditScope.InvalidAuditException.class)
                    .hasMessageContaining("bronze_trades_binance").hasMessageContaining("'" + label + "'")
                    .hasMessageContaining("outside the supported time span");
        }
        // a year past 9999 needs a '+', which no command's label may hold: such a command cannot even be built
        assertThatThrownBy(() -> ofPartitions("+100000-01-01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+100000-01-01' is not a partition label");
    }
}
