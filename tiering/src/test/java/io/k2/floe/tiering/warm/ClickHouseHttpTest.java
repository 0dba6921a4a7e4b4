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
