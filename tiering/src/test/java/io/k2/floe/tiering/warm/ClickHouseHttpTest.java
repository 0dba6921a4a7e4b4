package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP side of reading, against real sockets that misbehave. */
class ClickHouseHttpTest {

    @Test
    void aServerThatNeverAnswersFailsWithinTheStartTimeoutNamingItsUrl() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            try (ClickHouseHttp http = new ClickHouseHttp(url, "default", "", "k2", Duration.ofSeconds(1), Duration.ofMillis(500))) {
                long begin = System.nanoTime();
                assertThatThrownBy(() -> http.query("SELECT 1 FORMAT RowBinary"))
                        .isInstanceOf(HttpTimeoutException.class)
                        .hasMessageContaining(url)
                        .hasMessageContaining("did not start answering");
                assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(3_000);
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aReadWhoseConnectionIsClosedBeforeAnyAnswerIsSentOnceMoreButAWriteIsNot() throws Exception {
        // The first connection is closed after the request arrives, as ClickHouse closes an idle keep-alive connection
        // the client has just picked; every later one is answered.
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        try (Socket socket = server.accept()) {
                            int n = connections.incrementAndGet();
                            java.io.InputStream in = socket.getInputStream();
                            byte[] buffer = new byte[8192];
                            in.read(buffer);
                            if (n % 2 == 0) {
                                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                        + "Connection: close\r\n\r\n1\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            }
                        }
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            String url = "http://127.0.0.1:" + server.getLocalPort();
            try (ClickHouseHttp http = new ClickHouseHttp(url, "default", "", "k2", Duration.ofSeconds(1), Duration.ofSeconds(2))) {
                try (java.io.InputStream answer = http.query("SELECT 1")) {
                    assertThat(new String(answer.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("1\n");
                }
                assertThat(connections.get()).as("connections: the closed one and the retry").isEqualTo(2);
                assertThatThrownBy(() -> http.query("INSERT INTO t VALUES (1)")).isInstanceOf(java.io.IOException.class);
                assertThat(connections.get()).as("a write is not sent twice").isEqualTo(3);
            }
        }
    }

    @Test
    void identifiersOtherThanLettersDigitsAndUnderscoreAreRefused() {
        assertThat(ClickHouseHttp.identifier("table", "gold_ohlcv_1m_bars")).isEqualTo("gold_ohlcv_1m_bars");
        for (String bad : new String[]{"a-b", "a b", "t`", "x'y", "", "ü", "db.table"}) {
            assertThatThrownBy(() -> ClickHouseHttp.identifier("table", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("table '" + bad + "' is not a plain identifier");
        }
        assertThatThrownBy(() -> new ClickHouseHttp("http://127.0.0.1:1", "default", "", "k2; DROP", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
    }
}
