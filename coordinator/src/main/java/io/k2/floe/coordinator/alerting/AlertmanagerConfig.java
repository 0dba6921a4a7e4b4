package io.k2.floe.coordinator.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the coordinator forwards its alerts (prefix {@code floe.coordinator.alertmanager}; from the environment
 * {@code FLOE_COORDINATOR_ALERTMANAGER_URL} and so on). Forwarding is off while no {@link #url()} is set. Credentials are
 * optional, never logged, and belong in a secret store or the environment, never in a file of the repository.
 */
@ConfigMapping(prefix = "floe.coordinator.alertmanager")
public interface AlertmanagerConfig {

    /**
     * Alertmanager's base URL, e.g. {@code http://alertmanager:9093} (alerts go to {@code <url>/api/v2/alerts}). No
     * default: forwarding is off without it. The local stack's is {@code FLOE_ALERTMANAGER_URL}, which the coordinator
     * uses when this is not set.
     */
    Optional<URI> url();

    /** Bearer token sent as {@code Authorization: Bearer …} (e.g. to an authenticating proxy). Default: none. */
    Optional<String> bearerToken();

    /** User for HTTP basic authentication (Alertmanager's own {@code --web.config.file}). Default: none. */
    Optional<String> username();

    /** Password for HTTP basic authentication, with {@link #username()}. Default: none. */
    Optional<String> password();

    /** Time to open a connection to Alertmanager. Default 2s. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Time for Alertmanager to answer a post. Default 5s. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Wait before the second attempt of a post that failed; doubled for each further attempt. Default 1s. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Longest wait between attempts (a post is retried until Alertmanager takes it). Default 30s. */
    @WithDefault("30s")
    Duration retryBackoffMax();

    /**
     * How often the open alerts of the ledger are sent again: Alertmanager forgets an alert whose end time passed, and
     * an Alertmanager that restarted has forgotten all of them. Default 1m.
     */
    @WithDefault("1m")
    Duration resendInterval();

    /**
     * The end time an open alert is sent with, counted from when it is sent: Alertmanager shows it resolved if the
     * coordinator does not send it again by then (e.g. the coordinator is gone; ServiceDown covers that). Several
     * resend intervals long, so that one failed resend does not resolve it. Default 5m.
     */
    @WithDefault("5m")
    Duration alertLifetime();

    /**
     * How long after its resolution an alert keeps being sent as resolved, so that a resolution whose event never
     * reached Alertmanager (or an Alertmanager that restarted meanwhile) still ends the alert there. Default 1h.
     */
    @WithDefault("1h")
    Duration resolvedResendWindow();

    /**
     * Prefix of the {@code runbook_url} annotation: the runbook of alert {@code X} is
     * {@code <prefix>docs/runbooks/X.md}. Default empty (the path in the repository); a deployment sets its repository's
     * web address, e.g. {@code https://git.example.com/k2/floe/blob/main/}.
     */
    Optional<String> runbookUrlPrefix();
}
