package io.k2.floe.tiering.health;

import org.junit.jupiter.api.Test;

import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-line failure text that health output, failed events and logs carry, without credentials. */
class FailuresTest {

    @Test
    void describesTheCauseChainWithoutWrappersOrRepeats() {
        Exception failure = new CompletionException(
                new IOException("request failed", new ConnectException("Connection refused")));

        assertThat(Failures.describe(failure)).isEqualTo("IOException: request failed <- ConnectException: Connection refused");
    }

    @Test
    void namesTheExceptionWhenItHasNoMessage() {
        assertThat(Failures.describe(new ConnectException())).isEqualTo("ConnectException");
    }

    @Test
    void aLibraryMessageNamingAConnectionStringIsDescribedWithoutItsCredentials() {
        Throwable failure = new CompletionException(new IllegalStateException(
                "Failed to connect: jdbc:postgresql://db:5432/floe?user=floe&password=hunter2",
                new SQLException("refused by http://floe:s3cr3t@ch.example:8123/")));

        String described = Failures.describe(failure);

        assertThat(described).isEqualTo("IllegalStateException: Failed to connect: jdbc:postgresql://db:5432/floe"
                + "?user=floe&password=*** <- SQLException: refused by http://ch.example:8123/");
    }

    @Test
    void aFailedEventNeverCarriesCredentialsWhoeverBuiltItsMessage() {
        TaskFailed failed = new TaskFailed("c1", "r1", "bronze_trades_binance", TaskKind.OFFLOAD, 1,
                ErrorTypes.COLD_UNAVAILABLE, "catalog at jdbc:postgresql://db/floe?password=hunter2 unreachable",
                List.of());

        assertThat(failed.message()).isEqualTo("catalog at jdbc:postgresql://db/floe?password=*** unreachable");
    }
}
