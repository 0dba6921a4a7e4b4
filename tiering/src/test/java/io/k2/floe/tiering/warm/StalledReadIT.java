package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bounded reads against the real ClickHouse of the local stack: a result that stops flowing halfway is abandoned
 * with an error naming the stall (never taken for a complete, shorter result), a slow but flowing one is read to
 * the end, and the server's own {@code max_execution_time} stops a query that runs too long.
 *
 * <p>The stall is ClickHouse's own: {@code sleep(2)} is evaluated once per block, so with blocks of 100,000 rows the
 * server sends a block's megabyte or so, then nothing for two seconds, then the next.
 */
class StalledReadIT {

    /** 3 blocks of 100,000 rows, each after 2 s of sleep: TabSeparated "n\t0\n". */
    private static final String SLOW = "SELECT number, sleep(2) FROM system.numbers LIMIT 300000 FORMAT TabSeparated";
    private static final Map<String, String> BLOCKS = Map.of("max_block_size", "100000");
    private static long expectedBytes;

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static ClickHouseHttp client(Duration readIdle, Duration maxExecution) {
        String url = System.getenv("FLOE_CLICKHOUSE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("FLOE_CLICKHOUSE_URL is not set: start the local stack and source its env file");
        }
        return new ClickHouseHttp(url, env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""),
                env("FLOE_CLICKHOUSE_DATABASE", "k2"), Duration.ofSeconds(5), Duration.ofSeconds(30), readIdle,
                maxExecution);
    }

    @BeforeAll
    static void sizeOfTheWholeResult() {
        long bytes = 0;
        for (long n = 0; n < 300_000; n++) {
            bytes += Long.toString(n).length() + 3; // "\t0\n"
        }
        expectedBytes = bytes;
    }

    @Test
    void aResultThatStopsFlowingHalfwayIsAbandonedWithAnErrorNotTakenForItsEnd() throws IOException {
        try (ClickHouseHttp http = client(Duration.ofMillis(700), Duration.ZERO)) {
            long[] read = {0};
            long begin = System.nanoTime();
            assertThatThrownBy(() -> {
                try (InputStream in = http.query(SLOW, BLOCKS)) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        read[0] += n;
                    }
                }
            }).isInstanceOf(IOException.class)
                    .hasMessageContaining("sent nothing for PT0.7S")
                    .hasMessageContaining("read was abandoned")
                    .hasMessageNotContaining(env("FLOE_CLICKHOUSE_PASSWORD", "no password set") + "@");
            assertThat(read[0]).as("bytes read before the stall").isPositive().isLessThan(expectedBytes);
            assertThat((System.nanoTime() - begin) / 1_000_000).as("ms until abandoned").isLessThan(5_500);
        }
    }

    @Test
    void aSlowButFlowingResultIsReadToItsEnd() throws IOException {
        try (ClickHouseHttp http = client(Duration.ofSeconds(10), Duration.ZERO);
             InputStream in = http.query(SLOW, BLOCKS)) {
            assertThat(in.readAllBytes().length).isEqualTo(expectedBytes);
        }
    }

    @Test
    void theServerStopsAQueryThatRunsLongerThanTheMaxExecutionTime() throws IOException {
        try (ClickHouseHttp http = client(Duration.ofSeconds(10), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> {
                try (InputStream in = http.query("SELECT count() FROM system.numbers WHERE sleep(0.5) = 0"
                        + " FORMAT TabSeparated", Map.of("max_block_size", "1000"))) {
                    in.readAllBytes();
                }
            }).isInstanceOf(WarmReadException.class).hasMessageContaining("159"); // TIMEOUT_EXCEEDED
        }
    }
}
