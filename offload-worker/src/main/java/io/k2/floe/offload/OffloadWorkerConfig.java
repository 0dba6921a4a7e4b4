package io.k2.floe.offload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the offload worker itself (prefix {@code floe.offload-worker}); connections are in tiering's mappings. */
@ConfigMapping(prefix = "floe.offload-worker")
public interface OffloadWorkerConfig {

    /**
     * CloudEvents {@code source} stamped on every event this worker publishes; identifies the worker
     * deployment. Default: {@code /floe/offload-worker} (env {@code FLOE_OFFLOAD_WORKER_EVENT_SOURCE}).
     */
    @WithDefault("/floe/offload-worker")
    String eventSource();

    /**
     * Fault injection for crash tests only: {@code before-read}, {@code after-rows:N}, {@code before-close-files},
     * {@code before-commit} or {@code after-commit}. The offload stops there (see {@code CrashPoints}) so that a test
     * can SIGKILL the process at that moment. Default: unset, no fault injection (env {@code FLOE_OFFLOAD_PAUSE_AT}).
     */
    Optional<String> pauseAt();

    /** How long the offload stands at {@link #pauseAt()}. Default: {@code PT10M}. */
    @WithDefault("PT10M")
    Duration pauseFor();

    /**
     * Read a window of a plain MergeTree table (bronze) part by part, each part in its stored order, and merge the
     * parts by key in the worker instead of letting ClickHouse sort the window: about a sixth of ClickHouse's CPU and
     * rows from the start. Parts found out of cold order make the worker read that window again sorted, and every
     * later window of that table too. Default: {@code true} (env {@code FLOE_OFFLOAD_WORKER_READ_PARTS_IN_KEY_ORDER}).
     */
    @WithDefault("true")
    boolean readPartsInKeyOrder();

    /**
     * Most parts read as their own stream in {@link #readPartsInKeyOrder()}; the smallest parts beyond it share one
     * stream that ClickHouse sorts (which costs it what the per-part reads save: 10 M rows in 16 parts, 8 streams: 0.52-0.68
     * ClickHouse CPU-µs per row, 16 streams: 0.28-0.31); at least 1. Each stream is one ClickHouse query using one
     * thread and one HTTP connection. Default: {@code 16} (env
     * {@code FLOE_OFFLOAD_WORKER_KEY_ORDER_STREAMS}).
     */
    @WithDefault("16")
    int keyOrderStreams();
}
