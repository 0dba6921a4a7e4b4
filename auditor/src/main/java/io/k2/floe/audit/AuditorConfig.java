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
}
