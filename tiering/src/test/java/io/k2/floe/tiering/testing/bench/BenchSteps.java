package io.k2.floe.tiering.testing.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code main} of a benchmark's Java half: runs the sub-command named by the first argument with the rest, prints
 * a {@link BenchException} as one error line (exit 1), an unknown or missing sub-command as the usage (exit 2), and
 * ends the JVM when the step is over (Kafka, HTTP and S3 clients may leave non-daemon threads behind).
 */
public final class BenchSteps {

    /** One sub-command. */
    @FunctionalInterface
    public interface Step {
        void run(String[] args) throws Exception;
    }

    private final String name;
    private final String script;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    private BenchSteps(String name, String script) {
        this.name = name;
        this.script = script;
    }

    /** Steps of the bench class {@code name}, driven by {@code script} (for the usage line). */
    public static BenchSteps of(String name, String script) {
        return new BenchSteps(name, script);
    }

    public BenchSteps step(String command, Step step) {
        steps.put(command, step);
        return this;
    }

    /** Runs the step {@code args[0]} names and exits the JVM. */
    public void run(String[] args) throws Exception {
        Step step = args.length == 0 ? null : steps.get(args[0]);
        if (step == null) {
            System.err.println("usage: " + name + " " + String.join("|", steps.keySet()) + " ... (see " + script + ")");
            System.exit(2);
        }
        try {
            step.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (BenchException e) {
            System.err.println("bench: ERROR: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
