package io.k2.floe.coordinator.runbooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that what a runbook tells people to run exists: each command is a {@code deploy/…} script of the repository
 * (executable, and every option it is given is one the script knows) or one of a few standard tools; each
 * {@code curl} names an endpoint that exists — the coordinator's {@code /api/…} (method and path against its JAX-RS
 * resources), a service's {@code /q/…} endpoint, or Alertmanager's and Prometheus' documented HTTP API — and each
 * link to another Markdown file points at one.
 */
final class RunbookCheck {

    /** Programs a runbook may use besides the repository's scripts: standard tools and Alertmanager's own CLI. */
    static final Set<String> TOOLS = Set.of("curl", "jq", "grep", "export", ".", "amtool", "head", "tail", "sort");
    /** The extensions' endpoints every Floe service serves (health, metrics, the coordinator's OpenAPI document). */
    static final Set<String> SERVICE_ENDPOINTS = Set.of("GET /q/health", "GET /q/health/live", "GET /q/health/ready",
            "GET /q/metrics", "GET /q/openapi");
    /** Alertmanager's v2 API and probes (prometheus-alertmanager 0.25) that runbooks may call. */
    static final Set<String> ALERTMANAGER_ENDPOINTS = Set.of("GET /api/v2/alerts", "POST /api/v2/alerts",
            "GET /api/v2/silences", "POST /api/v2/silences", "GET /api/v2/status", "GET /-/ready", "GET /-/healthy");
    /** Prometheus' HTTP API (2.42) that runbooks may call. */
    static final Set<String> PROMETHEUS_ENDPOINTS = Set.of("GET /api/v1/query", "GET /api/v1/query_range",
            "GET /api/v1/targets", "GET /api/v1/alerts", "GET /api/v1/rules", "GET /-/ready", "GET /-/healthy");

    private static final Pattern SCRIPT = Pattern.compile("deploy/[A-Za-z0-9_./-]+");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+\\.md)(#[^)]*)?\\)");
    private static final Pattern URL_BASE = Pattern.compile("^(\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?|https?://[^/]+|[A-Za-z0-9.-]+:[0-9]+)");

    private final Path repo;
    private final ApiRoutes api;
    private int commandsChecked;
    private int callsChecked;

    RunbookCheck(Path repo, ApiRoutes api) {
        this.repo = repo;
        this.api = api;
    }

    int commandsChecked() {
        return commandsChecked;
    }

    int callsChecked() {
        return callsChecked;
    }

    /** What is wrong in one runbook: one line per problem, naming file, line and command. */
    List<String> problems(Path runbook) {
        try {
            return problems(repo.relativize(runbook).toString(), Files.readString(runbook), runbook.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> problems(String name, String markdown, Path folder) {
        List<String> problems = new ArrayList<>();
        for (ShellCommands.Command command : ShellCommands.in(name, markdown)) {
            commandsChecked++;
            check(command, problems);
        }
        Matcher link = LINK.matcher(markdown);
        while (link.find()) {
            if (!Files.isRegularFile(folder.resolve(link.group(1)).normalize())) {
                problems.add(name + ": link to " + link.group(1) + ", which does not exist");
            }
        }
        return problems;
    }

    private void check(ShellCommands.Command command, List<String> problems) {
        List<String> words = command.words();
        int first = 0;
        while (first < words.size() && ASSIGNMENT.matcher(words.get(first)).matches()) {
            first++;
        }
        // Scripts named anywhere in the command, e.g. . "$(deploy/local/env)".
        for (String word : words) {
            Matcher script = SCRIPT.matcher(word);
            while (script.find()) {
                Path file = repo.resolve(script.group());
                if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                    problems.add(command.where() + "\n    " + script.group() + " is not an executable script of the"
                            + " repository");
                }
            }
        }
        if (first == words.size()) {
            return;
        }
        String program = words.get(first);
        List<String> arguments = words.subList(first + 1, words.size());
        if (program.startsWith("deploy/")) {
            checkScriptArguments(command, program, arguments, problems);
        } else if (!TOOLS.contains(program)) {
            problems.add(command.where() + "\n    " + program + " is neither a deploy/ script nor one of " + TOOLS);
        } else if (program.equals("curl")) {
            checkCall(command, arguments, problems);
        }
    }

    private void checkScriptArguments(ShellCommands.Command command, String script, List<String> arguments,
                                      List<String> problems) {
        Path file = repo.resolve(script);
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (script.equals("deploy/local/kafka/tool")) {
            // Options after the tool's name are Kafka's own; the name must be one the script runs.
            if (arguments.isEmpty() || !text.contains("\n  " + arguments.get(0) + ")")) {
                problems.add(command.where() + "\n    " + script + " has no tool '"
                        + (arguments.isEmpty() ? "" : arguments.get(0)) + "'");
            }
            return;
        }
        for (String argument : arguments) {
            if (!argument.startsWith("-") || argument.equals("-")) {
                continue;
            }
            String option = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(option) + "(?![\\w-])").matcher(text).find()) {
                problems.add(command.where() + "\n    " + script + " knows no option " + option);
            }
        }
    }

    private void checkCall(ShellCommands.Command command, List<String> arguments, List<String> problems) {
        String method = null;
        boolean body = false;
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "-X", "--request" -> method = i + 1 < arguments.size() ? arguments.get(++i) : "";
                case "-d", "--data", "--data-binary", "--json" -> {
                    body = true;
                    i++;
                }
                case "-H", "--header", "-o", "--output", "-w", "--write-out", "-u", "--user", "-K", "--config",
                     "--max-time" -> i++;
                default -> {
                    if (!argument.startsWith("-") && (argument.contains("/") || argument.contains(":"))) {
                        urls.add(argument);
                    }
                }
            }
        }
        String verb = method != null ? method : body ? "POST" : "GET";
        if (urls.isEmpty()) {
            problems.add(command.where() + "\n    curl without a URL");
        }
        for (String url : urls) {
            callsChecked++;
            Matcher base = URL_BASE.matcher(url);
            String host = base.find() ? base.group() : "";
            String path = url.substring(host.length());
            int query = path.indexOf('?');
            path = query < 0 ? path : path.substring(0, query);
            String call = verb + " " + path;
            String upper = host.toUpperCase(java.util.Locale.ROOT);
            boolean known;
            if (upper.contains("ALERTMANAGER")) {
                known = ALERTMANAGER_ENDPOINTS.contains(call);
            } else if (upper.contains("PROMETHEUS")) {
                known = PROMETHEUS_ENDPOINTS.contains(call);
            } else if (path.startsWith("/api/")) {
                known = api.exists(verb, path);
            } else {
                known = SERVICE_ENDPOINTS.contains(call);
            }
            if (!known) {
                problems.add(command.where() + "\n    " + call + " is not an endpoint of " + target(upper, path));
            }
        }
    }

    private static String target(String host, String path) {
        if (host.contains("ALERTMANAGER")) {
            return "Alertmanager " + ALERTMANAGER_ENDPOINTS;
        }
        if (host.contains("PROMETHEUS")) {
            return "Prometheus " + PROMETHEUS_ENDPOINTS;
        }
        return path.startsWith("/api/") ? "the coordinator's REST API" : "a Floe service " + SERVICE_ENDPOINTS;
    }

    /** For messages: every route of the API, one per line. */
    String routes() {
        return String.join("\n", api.all().stream().map(Object::toString).sorted().toList());
    }

    static Map<String, String> sections() {
        return Map.of("symptoms", "## Symptoms", "diagnosis", "## Diagnosis", "resolution", "## Resolution",
                "verification", "## Verification");
    }
}
