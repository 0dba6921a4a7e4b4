package io.k2.floe.offload.verify;

import io.k2.floe.tiering.testing.LocalStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deploy/verify/read-cold-table}: Iceberg's own reader in a JVM of its own, whose class path
 * (deploy/verify/pom.xml) holds no Floe class. This test's JVM only starts the process and parses its output.
 */
final class IndependentReader {

    private static final String SCRIPT = "deploy/verify/read-cold-table";

    private IndependentReader() {
    }

    /**
     * Reads {@code coldTable} (e.g. {@code cold.bronze_trades_binance}) with the given key columns; {@code env}
     * is added to this process's environment (the local stack's FLOE_* settings) and wins over it.
     */
    static Output read(String coldTable, List<String> keyColumns, Map<String, String> env) {
        Path root = LocalStack.repoRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve(SCRIPT).toString()));
        if (!keyColumns.isEmpty()) {
            command.add("--key");
            command.add(String.join(",", keyColumns));
        }
        command.add(coldTable);
        try {
            Path out = Files.createTempFile("read-cold-table", ".out");
            Path err = Files.createTempFile("read-cold-table", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                // generous: the first run on a machine may resolve the reader's class path from Maven Central
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
                }
                return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** What the reader printed: {@code key=value} lines on stdout, messages on stderr. */
    record Output(int exitCode, String stdout, String stderr) {

        /** Every value of {@code key}, in printed order (schema fields, partitions, ... repeat their key). */
        List<String> all(String key) {
            List<String> values = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).equals(key)) {
                    values.add(line.substring(eq + 1));
                }
            }
            return values;
        }

        /** The single value of {@code key}; fails naming the key and showing the output when absent or repeated. */
        String one(String key) {
            List<String> values = all(key);
            if (values.size() != 1) {
                throw new AssertionError("expected one line '" + key + "=...' from " + SCRIPT + ", got " + values.size()
                        + "\n" + this);
            }
            return values.get(0);
        }

        long number(String key) {
            return Long.parseLong(one(key));
        }

        /** Keys with the given prefix, prefix removed, with their values (e.g. the marker of the current snapshot). */
        Map<String, String> withPrefix(String prefix) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith(prefix) && line.indexOf('=') > prefix.length()) {
                    int eq = line.indexOf('=');
                    values.put(line.substring(prefix.length(), eq), line.substring(eq + 1));
                }
            }
            return values;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
