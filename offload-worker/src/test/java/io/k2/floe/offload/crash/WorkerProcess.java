package io.k2.floe.offload.crash;

import io.k2.floe.tiering.testing.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One offload worker as its own operating-system process, as it runs in production: {@code java -Xmx512m -jar
 * quarkus-app/quarkus-run.jar} (a copy of the packaged module), with stdout and stderr in a log file. The test kills it with
 * SIGKILL ({@link #kill()}: no shutdown hook, no flush, no goodbye to the broker) or stops it politely.
 */
final class WorkerProcess implements AutoCloseable {

    /** Exit status of a process ended by SIGKILL (128 + 9). */
    static final int SIGKILL_STATUS = 137;

    private final Process process;
    private final Path log;
    private final long started = System.nanoTime();

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Copies the packaged worker ({@code offload-worker/target/quarkus-app}) to {@code destination} and returns the
     * copy's {@code quarkus-run.jar}. Workers run from the copy: a build of the module during the test (another
     * developer's, or the IDE's) replaces target/quarkus-app, and a worker whose jars vanish fails its commands.
     */
    static Path copyApp(Path destination) {
        Path app = LocalStack.repoRoot().resolve("offload-worker/target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: the crash test runs the"
                    + " packaged worker (mvn package or verify builds it before the integration tests)");
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
     * Starts a worker; {@code env} and {@code systemProperties} are added to what this JVM's environment gives it.
     *
     * @param jar the worker's quarkus-run.jar ({@link #copyApp})
     * @param log where its stdout and stderr go (overwritten)
     */
    static WorkerProcess start(Path jar, Map<String, String> env, Map<String, String> systemProperties, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // Class data sharing: the first worker that stops politely writes the archive, later ones start quicker
        // (a test starts two workers per kill).
        command.add("-XX:SharedArchiveFile=" + jar.resolveSibling("worker.jsa"));
        command.add("-XX:+AutoCreateSharedArchive");
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.add("-Dquarkus.http.port=" + freePort());
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Milliseconds since start. */
    long ageMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Waits for a log line containing {@code text}; fails with the log's tail when the process ends first or the
     * time runs out.
     */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (logText().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("worker " + pid() + " exited with " + process.exitValue() + " before logging '"
                        + text + "'\n" + tail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker " + pid() + " did not log '" + text + "' within " + timeout + "\n"
                        + tail(60));
            }
            sleep(50);
        }
    }

    boolean logged(String text) {
        return logText().contains(text);
    }

    /**
     * SIGKILL: {@link Process#destroyForcibly()} is {@code kill(pid, SIGKILL)} on Linux; the exit status proves it.
     *
     * @return the exit status, {@value #SIGKILL_STATUS} unless the process had already ended by itself
     */
    int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGSTOP: the process stands still, heartbeats to the broker included, until {@link #thaw()}. */
    void freeze() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGTERM, then SIGKILL if it is not gone within {@code grace}. */
    int stop(Duration grace) {
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
                throw new AssertionError("worker " + pid() + " still runs " + timeout + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for worker " + pid(), e);
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String tail(int lines) {
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
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Never leaves a worker behind. */
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
