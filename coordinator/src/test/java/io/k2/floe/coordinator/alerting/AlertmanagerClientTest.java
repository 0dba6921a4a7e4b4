package io.k2.floe.coordinator.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Credentials given to the Alertmanager client never show in what it reports (logs are made of these). */
class AlertmanagerClientTest {

    @Test
    void credentialsInTheUrlNeverShowInTargetOrErrors() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlertmanagerClient client = new AlertmanagerClient(
                config("http://floe:s3cret-pass@127.0.0.1:" + closedPort + "/am", Optional.of("t0ken-value")),
                new ObjectMapper());

        assertThat(client.enabled()).isTrue();
        assertThat(client.target()).isEqualTo("http://127.0.0.1:" + closedPort + "/am/api/v2/alerts");
        Throwable failure = catchThrowable(() -> client.post(List.of(
                new AlertmanagerAlert(Map.of("alertname", "Test"), Map.of(), null, null))));
        assertThat(failure).isInstanceOf(AlertmanagerClient.Unavailable.class);
        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort)
                .doesNotContain("s3cret-pass").doesNotContain("t0ken-value").doesNotContain("floe:");
    }

    @Test
    void offWithoutUrl() {
        AlertmanagerClient client = new AlertmanagerClient(config(null, Optional.empty()), new ObjectMapper());
        assertThat(client.enabled()).isFalse();
        assertThat(client.target()).isEqualTo("(none)");
    }

    private static AlertmanagerConfig config(String url, Optional<String> token) {
        return new AlertmanagerConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(url).map(URI::create);
            }

            @Override
            public Optional<String> bearerToken() {
                return token;
            }

            @Override
            public Optional<String> username() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration retryBackoff() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration retryBackoffMax() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration resendInterval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration alertLifetime() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration resolvedResendWindow() {
                return Duration.ofHours(1);
            }

            @Override
            public Optional<String> runbookUrlPrefix() {
                return Optional.empty();
            }
        };
    }
}
