package io.k2.floe.tiering.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts components of the real local stack through the project's own scripts
 * ({@code deploy/local/down <component>}, {@code deploy/local/up <component>}), for tests that check how a
 * service behaves while a dependency is away. Components: clickhouse, kafka, postgres, s3, alertmanager.
 */
public final class LocalStack {

    private LocalStack() {
    }

    /** The repository root: system property {@code floe.repo.root} (set by failsafe), else found upwards from the working directory. */
    public static Path repoRoot() {
        String property = System.getProperty("floe.repo.root");
        if (property != null && !property.isBlank() && Files.isExecutable(Path.of(property, "deploy/local/up"))) {
            return Path.of(property);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("deploy/local/up"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no deploy/local/up above "
                + System.getProperty("user.dir") + " and no system property floe.repo.root)");
    }

    public static void down(String component) {
        run("deploy/local/down", component);
    }

    public static void up(String component) {
        run("deploy/local/up", component);
    }

    private static void run(String script, String component) {
        Path root = repoRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve(script).toString(), component));
        try {
            Path output = Files.createTempFile("floe-" + component, ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 5 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
