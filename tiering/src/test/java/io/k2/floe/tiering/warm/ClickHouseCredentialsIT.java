package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.health.ProbeRunner;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ClickHouse URL that carries its login ({@code http://user:password@host:port}), against the local stack's real
 * ClickHouse: the login is used (the right one is answered, a wrong password refused), and the password shows in none
 * of the readiness answer (what /q/health serves), its data, or the errors of a query.
 */
class ClickHouseCredentialsIT {

    private static final String SECRET = "ch-secret-" + UUID.randomUUID();
    private final ProbeRunner runner = new ProbeRunner(() -> Duration.ofSeconds(5));

    private static String url() {
        String url = System.getenv("FLOE_CLICKHOUSE_URL");
        assertThat(url).as("FLOE_CLICKHOUSE_URL (from the local stack's floe.env)").isNotBlank();
        return url;
    }

    private static String withLogin(String user, String password) {
        return url().replace("://", "://" + user + ":" + password + "@");
    }

    @Test
    void theLoginInTheUrlIsUsed() {
        // the local ClickHouse's default user has no password: the URL's empty one must be what is sent
        HealthCheckResponse up = runner.check(new ClickHouseProbe(config(withLogin("default", ""), "nobody", "x"),
                runner)).await().atMost(Duration.ofSeconds(10));
        assertThat(up.getStatus()).as(String.valueOf(up.getData())).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(up.getData().orElseThrow().get("url")).isEqualTo(url().endsWith("/") ? url() : url() + "/");
    }

    @Test
    void aRefusedPasswordShowsNowhere() throws Exception {
        HealthCheckResponse down = runner.check(new ClickHouseProbe(config(withLogin("default", SECRET), "default", ""),
                runner)).await().atMost(Duration.ofSeconds(10));
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        String shown = down.getName() + " " + down.getData().orElseThrow();
        assertThat(shown).contains("error").doesNotContain(SECRET);

        try (ClickHouseHttp http = new ClickHouseHttp(withLogin("default", SECRET), "default", "", "k2",
                Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> {
                try (InputStream ignored = http.query("SELECT 1 FORMAT TabSeparated")) {
                    ignored.readAllBytes();
                }
            }).isInstanceOf(WarmReadException.class)
                    .satisfies(e -> assertThat(describe(e)).doesNotContain(SECRET));
        }
    }

    @Test
    void anUnreachableServerIsNamedWithoutItsLogin() {
        HealthCheckResponse down = runner.check(new ClickHouseProbe(
                config("http://default:" + SECRET + "@127.0.0.1:1", "default", ""), runner))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(String.valueOf(down.getData().orElseThrow())).contains("127.0.0.1:1").doesNotContain(SECRET);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static ClickHouseConfig config(String url, String user, String password) {
        return new ClickHouseConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public Optional<String> password() {
                return Optional.of(password);
            }

            @Override
            public String database() {
                return "k2";
            }

            @Override
            public Duration queryStartTimeout() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration readIdleTimeout() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration maxExecutionTime() {
                return Duration.ofMinutes(15);
            }
        };
    }
}
