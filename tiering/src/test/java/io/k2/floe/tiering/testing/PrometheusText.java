package io.k2.floe.tiering.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples from Prometheus' text exposition format (as served at /q/metrics for {@code Accept: text/plain}). */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /** The value of the sample with exactly these labels, if the text has it. */
    public static OptionalDouble value(String text, String name, Map<String, String> labels) {
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (sample.find() && sample.group(1).equals(name) && labels(sample.group(3)).equals(labels)) {
                return OptionalDouble.of(Double.parseDouble(sample.group(4)));
            }
        }
        return OptionalDouble.empty();
    }

    /** Like {@link #value}, failing with the sample's name when it is missing. */
    public static double require(String text, String name, Map<String, String> labels) {
        return value(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels
                + " in the metrics"));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }
}
