package io.k2.floe.endtoend;

import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One Floe service as a podman container of its image ({@code floe-<service>:jvm} or {@code :native}), on the host's
 * network so that it reaches the local stack on loopback, with its HTTP port moved to a free one through
 * {@code QUARKUS_HTTP_PORT} — the environment is its only configuration, as in production. Values are handed to
 * podman through its own environment and named on its command line without them ({@code -e NAME}), so that no
 * password shows in a process listing.
 */
final class ServiceContainer implements AutoCloseable {

    private final String name;
    private final String image;
    private final int port;
    private final long startedNanos;
    private long readyMillis = -1;

    private ServiceContainer(String name, String image, int port) {
        this.name = name;
        this.image = image;
        this.port = port;
        this.startedNanos = System.nanoTime();
    }

    /**
     * Starts {@code image} as container {@code name} (replacing a leftover of that name) with the local stack's
     * FLOE_* settings from this JVM's environment, overridden by {@code environment}; {@code args} follow the image.
     */
    static ServiceContainer start(String name, String image, Map<String, String> environment, List<String> args) {
        podman(Duration.ofSeconds(60), "rm", "--force", "--ignore", name);
        int port = freePort();
        Map<String, String> values = new TreeMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("FLOE_")) {
                values.put(key, value);
            }
        });
        values.putAll(environment);
        values.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> command = new ArrayList<>(List.of("run", "--detach", "--name", name, "--network=host"));
        values.keySet().forEach(key -> command.addAll(List.of("--env", key)));
        command.add(image);
        command.addAll(args);
        ServiceContainer container = new ServiceContainer(name, image, port);
        run(command, values, Duration.ofMinutes(2));
        return container;
    }

    String name() {
        return name;
    }

    String image() {
        return image;
    }

    URL url(String path) {
        return HttpPoll.url("http://127.0.0.1:" + port + path);
    }

    /** Milliseconds from {@code podman run} to the first 200 of /q/health/ready ({@link #awaitReady}), or -1. */
    long readyMillis() {
        return readyMillis;
    }

    /** Waits until /q/health/ready answers 200; fails with the container's log when it stops or time runs out. */
    ServiceContainer awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer (not listening yet)";
        while (true) {
            try {
                HttpPoll.Reply reply = HttpPoll.get(url("/q/health/ready"));
                if (reply.status() == 200) {
                    if (readyMillis < 0) {
                        readyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                    }
                    return this;
                }
                last = reply.status() + " " + reply.body();
            } catch (IllegalStateException notListening) {
                // the HTTP server is not up yet
            }
            if (!inspect("{{.State.Running}}").equals("true")) {
                throw new AssertionError(name + " (" + image + ") stopped before it was ready, exit code "
                        + inspect("{{.State.ExitCode}}") + "\n" + logs(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": /q/health/ready did not answer 200 within " + timeout + "; last: "
                        + last + "\n" + logs(60));
            }
            sleep(200);
        }
    }

    /** {@code podman healthcheck run}: the image's own HEALTHCHECK, run now; "healthy" or "unhealthy". */
    String healthcheck() {
        Result result = run(List.of("healthcheck", "run", name), Map.of(), Duration.ofSeconds(60), true);
        // podman prints "unhealthy" and exits 1 for a failing check; a timer error line without systemd is harmless
        return result.exitCode() == 0 ? "healthy" : result.output().contains("unhealthy") ? "unhealthy"
                : "error: " + result.output();
    }

    /** {@code podman inspect --format} of the container. */
    String inspect(String format) {
        return podman(Duration.ofSeconds(30), "container", "inspect", "--format", format, name).strip();
    }

    /** A command run inside the running container (as the image's user); its output. */
    String exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return podman(Duration.ofSeconds(30), args.toArray(String[]::new));
    }

    /** The last {@code lines} lines of the container's output. */
    String logs(int lines) {
        return run(List.of("logs", "--tail", Integer.toString(lines), name), Map.of(), Duration.ofSeconds(30), true)
                .output();
    }

    /** Keeps the container's whole output in {@code file} (before it is removed). */
    void saveLogs(Path file) {
        try {
            Files.writeString(file, run(List.of("logs", name), Map.of(), Duration.ofSeconds(60), true).output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops (SIGTERM, then SIGKILL after 20 s) and removes the container. */
    @Override
    public void close() {
        run(List.of("rm", "--force", "--time", "20", name), Map.of(), Duration.ofMinutes(1), true);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // podman

    /** {@code podman image inspect --format} of an image. */
    static String inspectImage(String image, String format) {
        return podman(Duration.ofSeconds(30), "image", "inspect", "--format", format, image).strip();
    }

    static String podman(Duration timeout, String... args) {
        return run(List.of(args), Map.of(), timeout).output();
    }

    /** Podman with this repository's containers.conf (runc, cgroupfs, file events logger, ulimits). */
    private static Result run(List<String> args, Map<String, String> environment, Duration timeout) {
        Result result = run(args, environment, timeout, true);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " failed (exit " + result.exitCode()
                    + "): " + result.output());
        }
        return result;
    }

    private static Result run(List<String> args, Map<String, String> environment, Duration timeout, boolean tolerant) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        try {
            Path output = Files.createTempFile("podman", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().put("CONTAINERS_CONF", containersConf().toString());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    static Path containersConf() {
        return LocalStack.repoRoot().resolve("deploy/containers/containers.conf");
    }

    private record Result(int exitCode, String output) {
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
