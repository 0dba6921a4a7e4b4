package io.k2.floe.coordinator.runs;

import io.k2.floe.tiering.messages.ErrorTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.k2.floe.coordinator.runs.RetryRules.Reaction.GIVE_UP;
import static io.k2.floe.coordinator.runs.RetryRules.Reaction.REPLAN;
import static io.k2.floe.coordinator.runs.RetryRules.Reaction.RETRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryRulesTest {

    private final RetryRules rules = new RetryRules(5, Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void transientErrorsAreRetriedUntilTheAttemptsRunOut() {
        for (String error : new String[] {ErrorTypes.WARM_UNAVAILABLE, ErrorTypes.COLD_UNAVAILABLE,
                ErrorTypes.COMMIT_CONFLICT, ErrorTypes.TIMEOUT, ErrorTypes.INTERNAL, "SOMETHING_NEW"}) {
            assertThat(rules.after(error, 1)).as(error).isEqualTo(RETRY);
            assertThat(rules.after(error, 4)).as(error).isEqualTo(RETRY);
            assertThat(rules.after(error, 5)).as(error).isEqualTo(GIVE_UP);
        }
    }

    @Test
    void errorsARetryCannotFixFailAtOnce() {
        for (String error : new String[] {ErrorTypes.UNKNOWN_TABLE, ErrorTypes.UNSUPPORTED_TYPE,
                ErrorTypes.VALUE_OUT_OF_RANGE, ErrorTypes.MALFORMED_COMMAND, ErrorTypes.NOT_IMPLEMENTED,
                ErrorTypes.NOT_VERIFIED, ErrorTypes.MARKER_LOST, ErrorTypes.COLD_REFUSED}) {
            assertThat(rules.after(error, 1)).as(error).isEqualTo(GIVE_UP);
        }
    }

    @Test
    void aLostMarkerIsNeitherRetriedNorReplanned() {
        // a new window would start from a guess: only an operator restoring the marker lets the table go on
        assertThat(rules.after(ErrorTypes.MARKER_LOST, 1)).isEqualTo(GIVE_UP);
    }

    @Test
    void aRefusedWindowIsPlannedAgainFromTheMarker() {
        assertThat(rules.after(ErrorTypes.WINDOW_GAP, 1)).isEqualTo(REPLAN);
        assertThat(rules.after(ErrorTypes.WINDOW_REGRESSION, 2)).isEqualTo(REPLAN);
        assertThat(rules.after(ErrorTypes.WINDOW_GAP, 5)).isEqualTo(GIVE_UP);
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        assertThat(rules.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(rules.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(rules.backoff(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(rules.backoff(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(rules.backoff(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.backoff(60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void atLeastOneAttempt() {
        assertThatThrownBy(() -> new RetryRules(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("at least 1");
    }
}
