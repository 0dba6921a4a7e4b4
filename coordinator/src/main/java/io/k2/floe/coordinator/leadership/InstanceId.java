package io.k2.floe.coordinator.leadership;

import io.k2.floe.coordinator.CoordinatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This coordinator's name in the leadership lease ({@code floe.coordinator.leadership.instance-id}); by default the
 * host name (a pod's name in Kubernetes), the process id and a random suffix, so that two coordinators on one host, or
 * a coordinator restarted under the same pod name, never pass for each other.
 */
@ApplicationScoped
public class InstanceId {

    private final String value;

    @Inject
    public InstanceId(CoordinatorConfig config) {
        this(config.leadership().instanceId().filter(id -> !id.isBlank()).orElseGet(InstanceId::generated));
    }

    InstanceId(String value) {
        this.value = value;
        if (value.length() > 200 || value.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("floe.coordinator.leadership.instance-id must be at most 200 characters"
                    + " without quotes: " + value);
        }
    }

    public String value() {
        return value;
    }

    private static String generated() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "coordinator";
            }
        }
        byte[] suffix = new byte[2];
        new SecureRandom().nextBytes(suffix);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }
}
