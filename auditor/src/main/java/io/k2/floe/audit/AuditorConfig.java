package io.k2.floe.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the auditor itself (prefix {@code floe.auditor}); connections are in tiering's mappings. */
@ConfigMapping(prefix = "floe.auditor")
public interface AuditorConfig {

    /**
     * CloudEvents {@code source} stamped on every event this worker publishes; identifies the worker
     * deployment. Default: {@code /floe/auditor} (env {@code FLOE_AUDITOR_EVENT_SOURCE}).
     */
    @WithDefault("/floe/auditor")
    String eventSource();

    /**
     * Cold data files read at once while checksumming a partition; each reader holds one Parquet row group's
     * buffers, so memory grows with this and not with the partition. Default 2 (env
     * {@code FLOE_AUDITOR_READ_THREADS}).
     */
    @WithDefault("2")
    int readThreads();

    /**
     * Most partitions one audit command may cover; a command asking for more is refused (INVALID_COMMAND), so that
     * an absurd range cannot occupy the auditor for days. Default 1000 (env {@code FLOE_AUDITOR_MAX_PARTITIONS}).
     */
    @WithDefault("1000")
    int maxPartitions();
}
