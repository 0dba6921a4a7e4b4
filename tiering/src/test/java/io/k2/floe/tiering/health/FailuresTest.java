package io.k2.floe.tiering.health;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

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
}
