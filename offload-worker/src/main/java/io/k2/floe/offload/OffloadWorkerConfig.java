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
}
