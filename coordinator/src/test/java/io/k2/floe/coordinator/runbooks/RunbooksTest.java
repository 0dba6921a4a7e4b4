package io.k2.floe.coordinator.runbooks;

import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.testing.LocalStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runbooks (docs/runbooks/) tell people only what exists: every alert has one, with symptoms, diagnosis,
 * resolution and verification; every command in them is a real script with real options or a standard tool; every
 * endpoint they call is one the coordinator's resources, the services, Alertmanager or Prometheus serve. A runbook
 * with a made-up command or endpoint fails this test (checked below on a made-up runbook).
 */
class RunbooksTest {

    /** Alerts only Prometheus rules raise (deploy/prometheus/rules/); the coordinator raises AlertNames'. */
    static final List<String> RULE_ONLY_ALERTS = List.of("ServiceDown", "ServiceNotReady", "MaintenanceFailing");
    static final List<String> TOPIC_RUNBOOKS = List.of("offload-failure", "marker", "compaction", "consistency-audit",
            "performance");

    private final Path repo = LocalStack.repoRoot();
    private final Path runbooks = repo.resolve("docs/runbooks");
    private final RunbookCheck check = new RunbookCheck(repo, ApiRoutes.of("io.k2.floe.coordinator.api"));

    @Test
    void everyAlertAndTopicHasARunbookWithItsFourParts() throws IOException {
        List<String> names = new ArrayList<>(alertNames());
        names.addAll(RULE_ONLY_ALERTS);
        names.addAll(TOPIC_RUNBOOKS);
        assertThat(alertNames()).hasSize(9);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Path file = runbooks.resolve(name + ".md");
            if (!Files.isRegularFile(file)) {
                problems.add(file + " is missing");
                continue;
            }
            String text = Files.readString(file);
            RunbookCheck.sections().forEach((part, heading) -> {
                if (!Pattern.compile("^" + Pattern.quote(heading), Pattern.MULTILINE).matcher(text).find()) {
                    problems.add(name + ".md has no " + part + " section (" + heading + ")");
                }
            });
            if (!text.contains("```")) {
                problems.add(name + ".md gives no command");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCommandAndEndpointTheRunbooksNameIsReal() throws IOException {
        assertThat(check.routes()).contains("POST /api/tables/{table}/repair", "GET /api/alerts", "POST /api/runs");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(runbooks)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                problems.addAll(check.problems(file));
            }
        }
        assertThat(problems).as("the coordinator's routes:\n%s", check.routes()).isEmpty();
        // Not vacuous: the parser found the runbooks' commands and calls.
        assertThat(check.commandsChecked()).isGreaterThan(100);
        assertThat(check.callsChecked()).isGreaterThan(60);
    }

    @Test
    void madeUpCommandsAndEndpointsAreCaught() {
        String madeUp = """
                # Fixing things
                See [the guide](NoSuchRunbook.md).

                ```bash
                deploy/local/reset-marker --table silver_trades
                deploy/local/up --turbo
                deploy/local/kafka/tool purge-topic --topic floe.events
                floectl reset silver_trades
                curl -s -X DELETE -H "Authorization: Bearer $FLOE_TOKEN" "$FLOE_API/api/tables/$TABLE"
                curl -s -X POST "$FLOE_API/api/tables/$TABLE/compact"
                curl -s "$FLOE_API/api/tables/$TABLE/markers"
                curl -s -d '{"partition": "2026-12-06"}' "$FLOE_API/api/tables/repair"
                curl -s localhost:18081/q/heapdump
                curl -s -X DELETE "$FLOE_ALERTMANAGER_URL/api/v2/alerts"
                ```
                """;
        List<String> problems = check.problems("made-up.md", madeUp, runbooks);

        assertThat(problems).hasSize(11);
        assertThat(String.join("\n", problems))
                .contains("link to NoSuchRunbook.md")
                .contains("deploy/local/reset-marker is not an executable script")
                .contains("deploy/local/up knows no option --turbo")
                .contains("deploy/local/kafka/tool has no tool 'purge-topic'")
                .contains("floectl is neither a deploy/ script")
                .contains("DELETE /api/tables/$TABLE is not an endpoint")
                .contains("POST /api/tables/$TABLE/compact is not an endpoint")
                .contains("GET /api/tables/$TABLE/markers is not an endpoint")
                .contains("POST /api/tables/repair is not an endpoint")
                .contains("GET /q/heapdump is not an endpoint")
                .contains("DELETE /api/v2/alerts is not an endpoint of Alertmanager");
    }

    @Test
    void realCommandsPass() {
        String real = """
                See [the marker runbook](marker.md).

                ```bash
                . "$(deploy/local/env)"
                deploy/local/watch --cycles 1 --maintenance 1
                deploy/local/kafka/tool consumer-groups --describe --group floe-offload-worker
                curl -s -H "Authorization: Bearer $FLOE_TOKEN" "$FLOE_API/api/tables/$TABLE?counts=true" | jq '.marker'
                curl -s -X POST -H "Authorization: Bearer $FLOE_TOKEN" -H 'Content-Type: application/json' \\
                  -d '{"partition": "2026-12-06"}' "$FLOE_API/api/tables/silver_trades/repair"
                curl -s localhost:18082/q/health/ready && curl -s "$FLOE_ALERTMANAGER_URL/api/v2/alerts"
                ```
                """;
        assertThat(check.problems("real.md", real, runbooks)).isEmpty();
    }

    /**
     * The Prometheus rules (deploy/prometheus/rules/, written with these runbooks' names) link every alert to a runbook
     * that exists. Skipped while the repository has no rules.
     */
    @Test
    void prometheusRulesLinkToExistingRunbooks() throws IOException {
        Path rules = repo.resolve("deploy/prometheus/rules");
        assumeTrue(Files.isDirectory(rules), "no deploy/prometheus/rules yet");
        Pattern alert = Pattern.compile("^\\s*-?\\s*alert:\\s*\"?([A-Za-z0-9_]+)", Pattern.MULTILINE);
        Pattern runbookUrl = Pattern.compile("runbook_url:\\s*\"?([^\"\\s]+)");
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).toList()) {
                String text = Files.readString(file);
                Matcher names = alert.matcher(text);
                while (names.find()) {
                    alerts++;
                    if (!Files.isRegularFile(runbooks.resolve(names.group(1) + ".md"))) {
                        problems.add(file.getFileName() + ": alert " + names.group(1) + " has no runbook");
                    }
                }
                Matcher urls = runbookUrl.matcher(text);
                while (urls.find()) {
                    String url = urls.group(1);
                    String path = url.substring(Math.max(0, url.indexOf("docs/runbooks/")));
                    if (!path.startsWith("docs/runbooks/") || !Files.isRegularFile(repo.resolve(path))) {
                        problems.add(file.getFileName() + ": runbook_url " + url + " names no runbook");
                    }
                }
            }
        }
        assertThat(alerts).isPositive();
        assertThat(problems).isEmpty();
    }

    private static List<String> alertNames() {
        return Arrays.stream(AlertNames.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(RunbooksTest::value).toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
