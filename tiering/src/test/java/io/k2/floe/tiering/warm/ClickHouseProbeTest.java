package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.health.ProbeRunner;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against servers that misbehave on a real socket: one that accepts connections and never
 * answers (a hung server), one that is not there at all.
 */
class ClickHouseProbeTest {

    @Test
    void aServerThatNeverAnswersIsDownWithinTheDeadline() throws Exception {
        ProbeRunner runner = new ProbeRunner(() -> Duration.ofMillis(500));
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            ClickHouseProbe probe = new ClickHouseProbe(config("http://127.0.0.1:" + silent.getLocalPort()), runner);

            long begin = System.nanoTime();
            HealthCheckResponse response = runner.check(probe).await().atMost(Duration.ofSeconds(5));
            long millis = (System.nanoTime() - begin) / 1_000_000;

            assertThat(response.getName()).isEqualTo("clickhouse");
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(millis).isLessThan(1_500);
            acceptor.interrupt();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
            runner.stop();
        }
    }

    @Test
    void aServerThatIsNotThereIsDownNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // a refused connection answers at once; the generous deadline only keeps a loaded machine
        // (first HttpClient start, JIT) from turning it into "no answer"
        ProbeRunner runner = new ProbeRunner(() -> Duration.ofMillis(4000));
        try {
            ClickHouseProbe probe = new ClickHouseProbe(config("http://127.0.0.1:" + port), runner);

            HealthCheckResponse response = runner.check(probe).await().atMost(Duration.ofSeconds(5));

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow().get("error").toString())
                    .contains("cannot connect to ClickHouse at http://127.0.0.1:" + port);
        } finally {
            runner.stop();
        }
    }

    private static ClickHouseConfig config(String url) {
        return new ClickHouseConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return "default";
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public String database() {
                return "k2";
            }

            @Override
            public java.time.Duration queryStartTimeout() {
                return java.time.Duration.ofMinutes(10);
            }

            @Override
            public java.time.Duration readIdleTimeout() {
                return java.time.Duration.ofMinutes(5);
            }

            @Override
            public java.time.Duration maxExecutionTime() {
                return java.time.Duration.ofMinutes(15);
            }
        };
    }
}
