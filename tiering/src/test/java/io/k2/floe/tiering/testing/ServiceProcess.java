package io.k2.floe.tiering.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Floe service (coordinator, offload-worker, maintenance-worker, auditor) as its own operating-system process, as it
 * runs in production: {@code java -Xmx… -jar quarkus-app/quarkus-run.jar} from a copy of the packaged module, on a free
 * HTTP port, with stdout and stderr in a log file. A test can kill it with SIGKILL ({@link #kill()}: no shutdown hook,
 * no flush, no goodbye to the broker), freeze and thaw it (SIGSTOP/SIGCONT), or stop it politely.
 *
 * <pre>{@code
 * Path jar = ServiceProcess.copyApp(Service.OFFLOAD_WORKER, runDir.resolve("quarkus-app"));
 * try (ServiceProcess worker = ServiceProcess.builder(Service.OFFLOAD_WORKER, jar)
 *         .env("FLOE_CATALOG_NAME", "floe_it_x").systemProperty("mp.messaging.incoming.commands.topic", "t")
 *         .log(runDir.resolve("worker.log")).start()) {
 *     worker.awaitReady(Duration.ofMinutes(1));
 *     HttpPoll.get(worker.url("/q/metrics"));
 * }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

    /** Exit status of a process ended by SIGKILL (128 + 9). */
    public static final int SIGKILL_STATUS = 137;

    /** The services, by their Maven module. */
    public enum Service {
        COORDINATOR("coordinator"),
        OFFLOAD_WORKER("offload-worker"),
        MAINTENANCE_WORKER("maintenance-worker"),
        AUDITOR("auditor");

        private final String module;

        Service(String module) {
            this.module = module;
        }

        /** The module directory under the repository root, e.g. {@code offload-worker}. */
        public String module() {
            return module;
        }
    }

    private final Service service;
    private final Process process;
    private final Path log;
    private final int port;
    private final long started = System.nanoTime();

    private ServiceProcess(Service service, Process process, Path log, int port) {
        this.service = service;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Copies the packaged service ({@code <module>/target/quarkus-app}) to {@code destination} and returns the copy's
     * {@code quarkus-run.jar}. Processes run from the copy: a build of the module during the test (another developer's,
     * or the IDE's) replaces target/quarkus-app, and a service whose jars vanish fails at its next class load.
     */
    public static Path copyApp(Service service, Path destination) {
        Path app = LocalStack.repoRoot().resolve(service.module()).resolve("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: this test runs the packaged "
                    + service.module() + " (mvn package, or verify, of that module builds it)");
        }
        try (Stream<Path> files = Files.walk(app)) {
            for (Path file : files.toList()) {
                Path copy = destination.resolve(app.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + app + " to " + destination, e);
        }
        return destination.resolve("quarkus-run.jar");
    }

    /**
     * A process of {@code service} run from {@code jar} (see {@link #copyApp}); it inherits this JVM's environment
     * (the local stack's FLOE_* settings) plus what the builder adds.
     */
    public static Builder builder(Service service, Path jar) {
        return new Builder(service, jar);
    }

    /** What to start: environment, system properties, heap, port and log file. */
    public static final class Builder {

        private final Service service;
        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private String maxHeap = "512m";
        private int port;
        private Path log;
        private boolean classDataSharing = true;

        private Builder(Service service, Path jar) {
            this.service = Objects.requireNonNull(service, "service");
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        /** An environment variable on top of the inherited ones, e.g. {@code FLOE_CLICKHOUSE_DATABASE}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /**
         * A {@code -D} system property; config names that an environment variable cannot spell exactly (quoted
         * channel names, dashes) belong here, e.g. {@code mp.messaging.incoming.commands.topic}.
         */
        public Builder systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        public Builder systemProperties(Map<String, String> values) {
            systemProperties.putAll(values);
            return this;
        }

        /** {@code -Xmx}, e.g. {@code 512m} (the default, as the services' containers get). */
        public Builder maxHeap(String size) {
            this.maxHeap = Objects.requireNonNull(size, "size");
            return this;
        }

        /** The HTTP port; by default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where stdout and stderr go (overwritten); by default {@code <module>.log} beside the jar's directory. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /**
         * Class data sharing (default on): the first process of a copy that ends politely writes
         * {@code <module>.jsa} beside the jar, later ones start quicker (tests that restart a service often).
         */
        public Builder classDataSharing(boolean enabled) {
            this.classDataSharing = enabled;
            return this;
        }

        public ServiceProcess start() {
            int httpPort = port > 0 ? port : freePort();
            Path logFile = log != null ? log : jar.getParent().resolveSibling(service.module() + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + maxHeap);
            if (classDataSharing) {
                command.add("-XX:SharedArchiveFile=" + jar.resolveSibling(service.module() + ".jsa"));
                command.add("-XX:+AutoCreateSharedArchive");
                command.add("-Xlog:cds=off");
                command.add("-Xlog:cds+dynamic=off");
            }
            command.add("-Dquarkus.http.port=" + httpPort);
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.add("-jar");
            command.add(jar.toString());
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(jar.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile());
                builder.environment().putAll(env);
                return new ServiceProcess(service, builder.start(), logFile, httpPort);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
            }
        }
    }

    public Service service() {
        return service;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code path} (starting with {@code /}) on this service, e.g. {@code url("/q/metrics")}. */
    public URL url(String path) {
        return HttpPoll.url(baseUrl() + path);
    }

    /** Milliseconds since start. */
    public long ageMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Waits until {@code /q/health/live} answers 200; fails with the log's tail if the process ends or time runs out. */
    public ServiceProcess awaitLive(Duration timeout) {
        return awaitHealth("/q/health/live", timeout);
    }

    /** Waits until {@code /q/health/ready} answers 200 (its dependencies reachable); fails as {@link #awaitLive}. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitHealth("/q/health/ready", timeout);
    }

    private ServiceProcess awaitHealth(String path, Duration timeout) {
        URL url = url(path);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer (not listening yet)";
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(describe() + " exited with " + process.exitValue() + " before " + path
                        + " answered 200\n" + tail(60));
            }
            try {
                HttpPoll.Reply reply = HttpPoll.get(url);
                if (reply.status() == 200) {
                    return this;
                }
                last = reply.status() + " " + reply.body();
            } catch (IllegalStateException notListening) {
                // the HTTP server is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(describe() + ": " + path + " did not answer 200 within " + timeout + "; last: "
                        + last + "\n" + tail(60));
            }
            sleep(100);
        }
    }

    /**
     * Waits for a log line containing {@code text}; fails with the log's tail when the process ends first or the time
     * runs out.
     */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (logContains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(describe() + " exited with " + process.exitValue() + " before logging '" + text
                        + "'\n" + tail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(describe() + " did not log '" + text + "' within " + timeout + "\n" + tail(60));
            }
            sleep(50);
        }
    }

    public boolean logContains(String text) {
        return logText().contains(text);
    }

    /**
     * SIGKILL: {@link Process#destroyForcibly()} is {@code kill(pid, SIGKILL)} on Linux; the exit status proves it.
     *
     * @return the exit status, {@value #SIGKILL_STATUS} unless the process had already ended by itself
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGSTOP: the process stands still, heartbeats to the broker included, until {@link #resume()}. */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        if (!sendSignal(signal)) {
            throw new AssertionError("kill " + signal + " " + pid() + " failed");
        }
    }

    private boolean sendSignal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@link #stop(Duration)} with 30 seconds' grace. */
    public int stop() {
        return stop(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM (Quarkus shuts down gracefully, a paused process is resumed first so that it can), then SIGKILL if it is
     * not gone within {@code grace}.
     *
     * @return the exit status (143 is a JVM ended by SIGTERM whose shutdown hooks ran)
     */
    public int stop(Duration grace) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        sendSignal("-CONT"); // a paused process could not act on SIGTERM; it may also have ended meanwhile
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return kill();
        }
        return process.exitValue();
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(describe() + " still runs " + timeout + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + describe(), e);
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String tail(int lines) {
        String[] all = logText().split("\n");
        int from = Math.max(0, all.length - lines);
        StringBuilder out = new StringBuilder("--- last lines of " + log + "\n");
        for (int i = from; i < all.length; i++) {
            out.append(all[i]).append('\n');
        }
        return out.toString();
    }

    private String logText() {
        try {
            // lenient decoding: the process may be in the middle of writing a character
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String describe() {
        return service.module() + " " + pid();
    }

    /** Never leaves a process behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thread.sleep that turns an interrupt into a test failure. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
