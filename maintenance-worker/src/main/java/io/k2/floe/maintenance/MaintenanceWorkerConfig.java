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

    /** Orphan-file cleanup. */
    Orphans orphans();

    /** Orphan-file cleanup settings (prefix {@code floe.maintenance-worker.orphans}). */
    interface Orphans {

        /**
         * <b>Tests only.</b> {@code true} lets a REMOVE_ORPHANS command's {@code older-than} go down to 1 second instead
         * of 1 hour, so that a test can plant "old" files and wait for them; never set it where offloads run, since a
         * file younger than an offload's duration may be one that offload is about to commit. Default {@code false}
         * (env {@code FLOE_MAINTENANCE_WORKER_ORPHANS_TEST_ONLY_SHORT_AGE}).
         */
        @WithDefault("false")
        boolean testOnlyShortAge();
    }
}
