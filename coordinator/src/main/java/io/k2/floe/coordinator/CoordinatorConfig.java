package io.k2.floe.coordinator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the coordinator itself (prefix {@code floe.coordinator}); connections are in tiering's mappings. */
@ConfigMapping(prefix = "floe.coordinator")
public interface CoordinatorConfig {

    /**
     * Name this coordinator gives itself in what it publishes (CloudEvents {@code source}, dead-letter
     * headers). Default: {@code /floe/coordinator} (env {@code FLOE_COORDINATOR_EVENT_SOURCE}).
     */
    @WithDefault("/floe/coordinator")
    String eventSource();
}
