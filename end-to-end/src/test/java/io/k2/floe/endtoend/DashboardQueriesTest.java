package io.k2.floe.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.tiering.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floe's Grafana dashboard (deploy/grafana/dashboards/floe.json) without Grafana (it cannot be installed here): every
 * panel queries the provisioned Prometheus datasource, and every panel's PromQL is valid for Prometheus — checked by
 * promtool, which the local stack installs, as recording rules of a generated rule file. That each metric the panels
 * name exists in the services' real metrics is checked by EndToEndIT, where the services run.
 */
class DashboardQueriesTest {

    static final Path DASHBOARD = LocalStack.repoRoot().resolve("deploy/grafana/dashboards/floe.json");
    private static final Path DATASOURCE =
            LocalStack.repoRoot().resolve("deploy/grafana/provisioning/datasources/floe-prometheus.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPanelQueriesTheProvisionedPrometheus() throws IOException {
        String datasources = Files.readString(DATASOURCE);
        assertThat(datasources).contains("uid: floe-prometheus").contains("type: prometheus");
        List<JsonNode> panels = PromQlNames.panels(JSON.readTree(DASHBOARD.toFile()));
        assertThat(panels).as("panels").hasSizeGreaterThanOrEqualTo(15);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title)
                    .isEqualTo("floe-prometheus");
            assertThat(panel.path("targets").size()).as("queries of %s", title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("query %s of %s", target.path("refId"), title).isNotBlank();
            }
        }
    }

    @Test
    void everyPanelExpressionIsValidPromQl(@TempDir Path dir) throws Exception {
        Map<String, String> expressions = PromQlNames.dashboardExpressions(DASHBOARD);
        StringBuilder rules = new StringBuilder("groups:\n  - name: floe-dashboard\n    rules:\n");
        int n = 0;
        for (Map.Entry<String, String> expression : expressions.entrySet()) {
            assertThat(PromQlNames.metricNames(expression.getValue())).as("metrics read by %s", expression.getKey())
                    .isNotEmpty();
            // a JSON string is a YAML double-quoted scalar: the expression goes in unchanged
            rules.append("      - record: floe_dashboard:query_").append(++n).append('\n')
                    .append("        expr: ").append(JSON.writeValueAsString(expression.getValue())).append('\n');
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules.toString());
        Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check rules on the dashboard's queries:\n%s\n%s", output, rules)
                .isZero();
        assertThat(output).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    @Test
    void aBrokenExpressionFailsPromtool(@TempDir Path dir) throws Exception {
        // the check above would be worthless if promtool accepted anything
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "groups:\n  - name: g\n    rules:\n      - record: r:x\n        expr: \"sum by (table (x)\"\n");
        Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true)
                .start();
        promtool.getInputStream().readAllBytes();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).isNotZero();
    }

    @Test
    void metricNamesAreWhatAnExpressionReads() {
        assertThat(PromQlNames.metricNames("sum by (table, error_type) (increase(floe_offload_errors_total{table=~\".*\"}[5m]))"
                + " / on (table) group_left (layer) max by (table, layer) (floe_table_info) > 1e3"))
                .containsExactly("floe_offload_errors_total", "floe_table_info");
        assertThat(PromQlNames.metricNames("time() - max by (table) (floe_marker_advanced_seconds) > 3600 unless on (table)"
                + " floe_table_paused == 1")).containsExactly("floe_marker_advanced_seconds", "floe_table_paused");
        assertThat(PromQlNames.metricNames("up{job=\"floe\"} == 0")).containsExactly("up");
    }

    @Test
    void ruleExpressionsAreReadFromTheRuleFile() {
        Map<String, String> rules = PromQlNames.ruleExpressions(
                LocalStack.repoRoot().resolve("deploy/prometheus/rules/floe-alerts.yml"));
        assertThat(rules.keySet()).contains("OffloadFailing", "ColdLagHigh", "MarkerStale", "AuditMismatch", "DeadLetter",
                "ServiceDown", "ServiceNotReady", "MaintenanceFailing", "RetentionBlocked", "MarkerLost");
        assertThat(PromQlNames.metricNames(rules.get("ColdLagHigh")))
                .containsExactly("floe_cold_lag_seconds", "floe_table_paused");
        assertThat(PromQlNames.metricNames(rules.get("MaintenanceFailing")))
                .containsExactly("floe_maintenance_tasks_total", "floe_table_info");
    }
}
