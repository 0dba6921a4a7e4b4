package io.k2.floe.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL expressions of Floe's Grafana dashboard (deploy/grafana/dashboards/floe.json) and alert rules
 * (deploy/prometheus/rules/*.yml), and the metric names each one reads — so that tests can check the expressions with
 * promtool and find every name in the services' real {@code /q/metrics}.
 */
final class PromQlNames {

    /** Grafana's variables, replaced by what Prometheus itself accepts. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h", "$table", ".*");
    /** Words of PromQL that are not metric names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQlNames() {
    }

    /** Every target expression of the dashboard, keyed by "panel title / refId", Grafana variables replaced. */
    static Map<String, String> dashboardExpressions(Path dashboard) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : panels(root)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                expressions.put(panel.path("title").asText() + " / " + target.path("refId").asText(), grafanaFree(expr));
            }
        }
        return expressions;
    }

    /** The dashboard's panels, rows' nested panels included (rows themselves excluded). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /**
     * The {@code expr} of every rule in a Prometheus rule file, keyed by the alert's (or recording rule's) name. Reads
     * the file's plain layout (deploy/prometheus/rules): {@code expr:} on one line, or a block ({@code |}) below it.
     */
    static Map<String, String> ruleExpressions(Path rules) {
        List<String> lines;
        try {
            lines = Files.readAllLines(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        String name = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("- alert:") || line.startsWith("- record:")) {
                name = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("expr:") && name != null) {
                String value = line.substring("expr:".length()).trim();
                if (value.equals("|") || value.equals(">") || value.equals("|-") || value.equals(">-")) {
                    int indent = indent(lines.get(i));
                    StringBuilder block = new StringBuilder();
                    while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > indent)) {
                        block.append(lines.get(++i).trim()).append('\n');
                    }
                    value = block.toString().trim();
                }
                expressions.put(name, value);
            }
        }
        return expressions;
    }

    /**
     * The metric names an expression reads: what is left once strings, label matchers, ranges, label lists of
     * aggregations and joins, function calls, keywords and numbers are taken out.
     */
    static Set<String> metricNames(String expr) {
        String rest = STRING.matcher(expr).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String word = identifier.group();
            boolean call = rest.substring(identifier.end()).stripLeading().startsWith("(");
            boolean afterDigit = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
            if (!call && !afterDigit && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    private static String grafanaFree(String expr) {
        String result = expr;
        for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
