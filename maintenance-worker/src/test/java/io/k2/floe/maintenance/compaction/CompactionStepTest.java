package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.TaskFailed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands the step refuses before touching the cold tier, and how failures are typed for the coordinator. */
class CompactionStepTest {

    private static final TableCatalog CATALOG = TableCatalog.build(List.of(TableDefinition.builder("bronze_unit")
            .layer("bronze").warmTable("trades").coldTable("cold.trades").partition("day(trade_time_us)")
            .clusterBy("symbol", "trade_time_us").orderingColumn("ingested_at").timeColumn("trade_time_us")
            .timeEncoding("epoch-micros").keyColumns("symbol", "trade_id").build()));

    private final CompactionStep step = new CompactionStep(CATALOG, () -> {
        throw new AssertionError("an invalid command must not reach the cold tier");
    }, new CompactionConfig() {
        public int maxFanIn() { return 128; }
        public int maxCommitAttempts() { return 4; }
        public long maxMergeBytes() { return 256L * 1024 * 1024; }
    }, new CompactionMetrics(new SimpleMeterRegistry()));

    private TaskFailed refused(List<String> partitions, Map<String, String> options) {
        Event answer = step.perform(new MaintenanceCommand("c-1", "r-1", "bronze_unit", 1, MaintenanceAction.COMPACT,
                partitions, options, Instant.parse("2026-03-05T00:00:00Z")));
        assertThat(answer).isInstanceOf(TaskFailed.class);
        TaskFailed failed = (TaskFailed) answer;
        assertThat(failed.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(failed.uncommittedFiles()).isEmpty();
        return failed;
    }

    @Test
    void badOptionsAndLabelsAreRefusedNamingWhatIsWrongBeforeTheColdTierIsTouched() {
        assertThat(refused(List.of(), Map.of("min-input-files", "many")).message())
                .contains("option min-input-files must be a whole number, got 'many'");
        assertThat(refused(List.of(), Map.of("dry-run", "maybe")).message()).contains("dry-run must be true or false");
        assertThat(refused(List.of(), Map.of("older-than", "P7D")).message())
                .contains("option 'older-than' is not a COMPACT option");
        assertThat(refused(List.of("2026-03"), Map.of()).message()).contains("partition '2026-03'");
    }

    @Test
    void failuresAreTypedSoThatTheCoordinatorKnowsWhetherARetryHelps() {
        assertThat(CompactionStep.errorType(new TableCompaction.ConflictsExhausted("kept conflicting", null)))
                .isEqualTo(ErrorTypes.COMMIT_CONFLICT);
        assertThat(CompactionStep.errorType(new CommitStateUnknownException(new RuntimeException("timeout"))))
                .isEqualTo(ErrorTypes.COLD_UNAVAILABLE);
        assertThat(CompactionStep.errorType(new RuntimeIOException(new IOException("connection refused"))))
                .isEqualTo(ErrorTypes.COLD_UNAVAILABLE);
        assertThat(CompactionStep.errorType(new IllegalStateException("input not sorted")))
                .isEqualTo(ErrorTypes.INTERNAL);
    }
}
