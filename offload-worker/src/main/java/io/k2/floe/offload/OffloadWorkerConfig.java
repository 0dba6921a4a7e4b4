package io.k2.floe.offload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the offload worker itself (prefix {@code floe.offload-worker}); connections are in tiering's mappings. */
@ConfigMapping(prefix = "floe.offload-worker")
public interface OffloadWorkerConfig {

    /**
     * CloudEvents {@code source} stamped on every event this worker publishes; identifies the worker
     * deployment. Default: {@code /floe/offload-worker} (env {@code FLOE_OFFLOAD_WORKER_EVENT_SOURCE}).
     */
    @WithDefault("/floe/offload-worker")
    String eventSource();
}
