package io.k2.floe.coordinator.ledger;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Skip reasons are stored as the task's note: the words must stay those existing ledgers hold, and read back. */
class SkipReasonTest {

    @Test
    void everyReasonIsStoredInTheWordsTheLedgerAlreadyHoldsAndReadBack() {
        List<SkipReason> reasons = List.of(new SkipReason.TablePaused(),
                new SkipReason.UpstreamIncomplete("silver_trades"),
                new SkipReason.MaintenanceRunning("maintenance-20260302T101500Z-ab12", "gold_ohlcv_1m"),
                new SkipReason.MaintenancePaused("bronze_trades_kraken"));

        assertThat(reasons).extracting(SkipReason::note).containsExactly("table is paused",
                "upstream silver_trades did not complete",
                "maintenance run maintenance-20260302T101500Z-ab12 of gold_ohlcv_1m is still running",
                "table bronze_trades_kraken is paused: resume it before maintaining it");
        for (SkipReason reason : reasons) {
            assertThat(SkipReason.parse(reason.note())).contains(reason);
        }
    }

    @Test
    void onlyAFailedChainSkipsDownstreams() {
        assertThat(new SkipReason.UpstreamIncomplete("silver_trades").skipsDownstreams()).isTrue();
        assertThat(new SkipReason.TablePaused().skipsDownstreams()).isFalse();
    }

    @Test
    void aNoteThatOnlyStartsLikeAReasonIsNoReason() {
        assertThat(SkipReason.parse("upstream of everything")).isEmpty();
        assertThat(SkipReason.parse("table is paused since noon")).isEmpty();
        assertThat(SkipReason.parse(null)).isEmpty();
    }

    @Test
    void aTaskThatIsNotSkippedHasNoSkipReasonWhateverItsNote() {
        TaskRecord task = new TaskRecord();
        task.status = TaskStatus.SUCCEEDED;
        task.note = "upstream silver_trades did not complete";

        assertThat(SkipReason.of(task)).isEmpty();
        task.status = TaskStatus.SKIPPED;
        assertThat(SkipReason.of(task)).contains(new SkipReason.UpstreamIncomplete("silver_trades"));
    }
}
