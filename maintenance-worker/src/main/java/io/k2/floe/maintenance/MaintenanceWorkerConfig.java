package io.k2.floe.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the maintenance worker itself (prefix {@code floe.maintenance-worker}); connections are in tiering's mappings. */
@ConfigMapping(prefix = "floe.maintenance-worker")
public interface MaintenanceWorkerConfig {

    /**
     * CloudEvents {@code source} stamped on every event this worker publishes; identifies the worker
     * deployment. Default: {@code /floe/maintenance-worker} (env {@code FLOE_MAINTENANCE_WORKER_EVENT_SOURCE}).
     */
    @WithDefault("/floe/maintenance-worker")
    String eventSource();
}
