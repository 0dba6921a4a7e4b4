package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TableOutcome;
import io.k2.floe.tiering.messages.TableRunSummary;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services as the container images a deployment runs: {@code deploy/containers/build --local} builds their
 * images with podman on locally made base layers from the packaged modules, and each runs as a container against the
 * local stack, configured by its environment alone. Checked as an operator would: each container is ready with every
 * dependency check UP, serves its metrics, passes its image's HEALTHCHECK, runs as the image's non-root user and keeps
 * nothing secret in its image; and each does its real work — the coordinator container's scheduled run has the offload
 * worker container write every table and the auditor container audit what it wrote (cold equal to warm key by key),
 * and the maintenance worker container carries out a maintenance command. The HEALTHCHECK follows the dependencies:
 * unhealthy while ClickHouse is stopped, healthy again once it is back.
 *
 * <p>JVM images by default. {@code FLOE_TEST_CONTAINERS_VARIANT=native} (or {@code -Dfloe.containers.variant=native})
 * runs the same test on the native images, built from the executables {@code deploy/native/build} left in each
 * module's target/. {@code FLOE_TEST_CONTAINERS_SKIP_BUILD=1} uses images built beforehand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainersIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** Messages of the batch: a few seconds to publish and ingest, rows in every bronze and silver partition. */
    private static final long BATCH = 20_000;
    /** The image's user (deploy/containers/Containerfile.*). */
    private static final String IMAGE_USER = "10001:10001";
    private static final Map<Service, Set<String>> READINESS_CHECKS = Map.of(
            Service.COORDINATOR, Set.of("broker", "postgresql", "leadership"),
            Service.OFFLOAD_WORKER, Set.of("broker", "clickhouse", "iceberg-catalog", "object-store"),
            Service.MAINTENANCE_WORKER, Set.of("broker", "clickhouse", "iceberg-catalog", "object-store",
                    "verdict-store"),
            Service.AUDITOR, Set.of("broker", "clickhouse", "iceberg-catalog", "object-store", "verdict-store"));

    private final String variant = variant();
    private final MessageCodec codec = new MessageCodec();
    private final TableCatalog catalog = TableCatalog.load();
    private final Map<Service, ServiceContainer> containers = new LinkedHashMap<>();
    private Platform platform;
    private ColdCatalogs cold;
    private ClickHouseHttp clickHouse;
    private WarmSql warm;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail events;

    @BeforeAll
    void start() throws Exception {
        platform = new Platform(Map.of(
                "FLOE_COORDINATOR_SCHEDULE", "0/10 * * * * ?",
                "FLOE_COORDINATOR_SETTLE_LAG", "2s",
                "FLOE_COORDINATOR_TASK_TIMEOUT", "2m",
                "FLOE_COORDINATOR_RETRY_BACKOFF", "2s",
                "FLOE_COORDINATOR_MAX_ATTEMPTS", "8"))
                .warmBlockSize(65_536);
        buildImages();
        platform.create();
        kafka = new KafkaTestClient(Platform.env("FLOE_KAFKA_BOOTSTRAP"));
        events = kafka.tail(platform.eventTopic);
        clickHouse = new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"), Platform.env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                Duration.ofSeconds(5));
        warm = new WarmSql(clickHouse);
        cold = platform.cold();

        // The workers start together and are awaited before the batch is published, so that their start-up times
        // are their own; the coordinator, whose schedule starts a run every 10 s, once the batch is in the warm tier.
        for (Service service : List.of(Service.OFFLOAD_WORKER, Service.AUDITOR, Service.MAINTENANCE_WORKER)) {
            containers.put(service, startContainer(service));
        }
        for (ServiceContainer container : containers.values()) {
            container.awaitReady(WAIT);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant batchStart = now.minus(Duration.ofHours(2));
        Duration span = Duration.between(batchStart, now.minus(Duration.ofMinutes(1)));
        Map<String, Long> published = platform.publish(List.of("--rate", "0", "--duration", span.toString(),
                "--market-rate", String.format(Locale.ROOT, "%.6f", (double) BATCH / span.toSeconds()),
                "--start-time", batchStart.toString(), "--seed", "12"), Duration.ofMinutes(5));
        awaitBronze(published.get("binance"), published.get("kraken"));
        containers.put(Service.COORDINATOR, startContainer(Service.COORDINATOR).awaitReady(WAIT));
        containers.forEach((service, container) -> System.out.printf("%s: podman run to ready in %.1f s (%s)%n",
                container.name(), container.readyMillis() / 1000.0, container.image()));
    }

    @AfterAll
    void stop() throws Exception {
        for (ServiceContainer container : containers.values()) {
            try {
                container.saveLogs(platform.dir().resolve(container.name() + ".log"));
            } finally {
                container.close();
            }
        }
        for (AutoCloseable closeable : new AutoCloseable[] {events, kafka, cold, platform}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyContainerIsReadyHealthyAndRunsAsTheImagesNonRootUser() {
        for (Map.Entry<Service, ServiceContainer> entry : containers.entrySet()) {
            ServiceContainer container = entry.getValue();
            String what = container.name() + " (" + container.image() + ")";

            HttpPoll.Reply ready = HttpPoll.get(container.url("/q/health/ready"));
            assertThat(ready.status()).as("%s readiness: %s", what, ready.body()).isEqualTo(200);
            for (String check : READINESS_CHECKS.get(entry.getKey())) {
                assertThat(ready.body()).as("%s readiness lists %s", what, check).contains("\"" + check + "\"");
            }
            assertThat(container.healthcheck()).as("%s: podman healthcheck run (the image's HEALTHCHECK)", what)
                    .isEqualTo("healthy");

            String metrics = HttpPoll.get(container.url("/q/metrics"), "text/plain").body();
            assertThat(metrics).as("%s /q/metrics", what).contains("# TYPE floe_").contains("# TYPE http_server_");

            assertThat(container.inspect("{{.Config.User}}")).as("%s user", what).isEqualTo(IMAGE_USER);
            // The service itself (pid 1 of the container), not only what podman was told.
            String status = container.exec("cat", "/proc/1/status");
            assertThat(status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow())
                    .as("%s: uids of its pid 1", what).matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001");
            assertThat(container.exec("sh", "-c", "touch /deployments/x 2>&1 || echo refused"))
                    .as("%s writing into its application directory", what).contains("refused");

            String title = ServiceContainer.inspectImage(container.image(),
                    "{{index .Labels \"org.opencontainers.image.title\"}}");
            assertThat(title).as("%s OCI title label", what).isEqualTo("floe-" + entry.getKey().module());
            String imageEnv = ServiceContainer.inspectImage(container.image(), "{{range .Config.Env}}{{println .}}{{end}}");
            assertThat(imageEnv).as("%s image environment", what).contains("QUARKUS_HTTP_PORT=8080")
                    .doesNotContainIgnoringCase("PASSWORD").doesNotContainIgnoringCase("SECRET")
                    .doesNotContain("FLOE_");
        }
    }

    @Test
    @Order(2)
    void theCoordinatorContainersRunOffloadsEveryTableThroughTheWorkerContainerAndTheAuditorContainerAuditsIt()
            throws Exception {
        // The first scheduled run that moved the batch: every table succeeded, bronze and silver rows written.
        RunCompleted run = (RunCompleted) awaitEvent(e -> e instanceof RunCompleted r
                && r.tables().stream().anyMatch(t -> t.table().equals("silver_trades") && t.rows() > 0),
                "a run.completed that offloaded silver_trades");
        System.out.printf("run %s: %s in %d ms%n", run.runId(), run.outcome(), run.duration().toMillis());
        for (TableRunSummary table : run.tables()) {
            System.out.printf("  %-22s %-10s %7d rows%n", table.table(), table.outcome(), table.rows());
            assertThat(table.outcome()).as("%s in run %s", table.table(), run.runId()).isEqualTo(TableOutcome.SUCCEEDED);
        }
        assertThat(run.tables()).as("tables of run %s", run.runId()).hasSize(catalog.size());
        assertThat(events.sawAny(r -> decode(r) instanceof OffloadCompleted o && o.runId().equals(run.runId())
                && o.rows() > 0)).as("offload-completed events of run %s with rows", run.runId()).isTrue();

        for (String table : List.of("bronze_trades_binance", "bronze_trades_kraken", "silver_trades")) {
            AuditCompleted audit = (AuditCompleted) awaitEvent(e -> e instanceof AuditCompleted a
                    && a.runId().equals(run.runId()) && a.table().equals(table), "the audit of " + table
                    + " after run " + run.runId());
            System.out.printf("  audit of %s: %s%n", table, audit.verdicts());
            assertThat(audit.verdicts()).as("partitions audited in %s", table).isNotEmpty();
            assertThat(audit.mismatches()).as("mismatches in %s", table).isEmpty();
            ColdEqualsWarm.Result result = ColdEqualsWarm.compare(catalog.get(table), cold.catalog(), clickHouse, warm)
                    .orElseThrow();
            System.out.println("  key by key: " + result);
            assertThat(result.duplicates()).as("%s", result).isZero();
            assertThat(result.losses()).as("%s", result).isZero();
        }

        assertThat(metric(Service.COORDINATOR, "floe_runs_completed_total", Map.of("outcome", "succeeded")))
                .as("coordinator floe_runs_completed_total{outcome=succeeded}").isGreaterThanOrEqualTo(1);
        assertThat(sum(Service.OFFLOAD_WORKER, "floe_offload_rows_total")).as("offload worker floe_offload_rows_total")
                .isPositive();
        assertThat(sum(Service.AUDITOR, "floe_audit_partitions_total")).as("auditor floe_audit_partitions_total")
                .isPositive();
    }

    @Test
    @Order(3)
    void theMaintenanceWorkerContainerCarriesOutAMaintenanceCommand() {
        String table = "bronze_trades_binance";
        MaintenanceCommand command = new MaintenanceCommand(UUID.randomUUID().toString(), "containers-it-maintenance",
                table, 1, MaintenanceAction.REWRITE_MANIFESTS, List.of(), Map.of("max-manifests", "1"), Instant.now());
        kafka.send(platform.maintenanceTopic, table, codec.encode("/floe/containers-it", command));
        Event answer = awaitEvent(e -> (e instanceof MaintenanceCompleted m && m.commandId().equals(command.commandId()))
                || (e instanceof TaskFailed f && f.commandId().equals(command.commandId())), "the answer to "
                + command.action() + " of " + table);
        assertThat(answer).as("answer to %s", command).isInstanceOf(MaintenanceCompleted.class);
        MaintenanceCompleted completed = (MaintenanceCompleted) answer;
        System.out.printf("maintenance %s of %s: %s in %d ms%n", completed.action(), table, completed.results(),
                completed.durationMs());
        assertThat(completed.results().get("manifestsBefore")).as("data manifests of cold %s the worker read", table)
                .isPositive();
        assertThat(sum(Service.MAINTENANCE_WORKER, "floe_maintenance_tasks_total"))
                .as("maintenance worker floe_maintenance_tasks_total").isPositive();
    }

    @Test
    @Order(4)
    void theHealthCheckTurnsUnhealthyWhileADependencyIsDownAndHealthyWhenItIsBack() {
        ServiceContainer auditor = containers.get(Service.AUDITOR);
        LocalStack.down("clickhouse");
        try {
            assertThat(awaitHealth(auditor, "unhealthy")).as("%s while ClickHouse is down", auditor.name())
                    .isEqualTo("unhealthy");
            HttpPoll.Reply ready = HttpPoll.get(auditor.url("/q/health/ready"));
            assertThat(ready.status()).as("readiness while ClickHouse is down: %s", ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("clickhouse");
        } finally {
            LocalStack.up("clickhouse");
        }
        assertThat(awaitHealth(auditor, "healthy")).as("%s once ClickHouse is back", auditor.name())
                .isEqualTo("healthy");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Runs the container's health check until it says {@code expected} (or a minute passed); its last word. */
    private static String awaitHealth(ServiceContainer container, String expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String last;
        do {
            last = container.healthcheck();
            if (last.equals(expected)) {
                return last;
            }
            io.k2.floe.tiering.testing.ServiceProcess.sleep(500);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static String variant() {
        String value = System.getProperty("floe.containers.variant",
                Optional.ofNullable(System.getenv("FLOE_TEST_CONTAINERS_VARIANT")).orElse("jvm"));
        if (!value.equals("jvm") && !value.equals("native")) {
            throw new IllegalArgumentException("FLOE_TEST_CONTAINERS_VARIANT must be jvm or native, not " + value);
        }
        return value;
    }

    /** deploy/containers/build --local --jvm (or --native) for the four services, unless told to skip it. */
    private void buildImages() throws IOException, InterruptedException {
        if ("1".equals(System.getenv("FLOE_TEST_CONTAINERS_SKIP_BUILD"))) {
            return;
        }
        Path log = platform.dir().resolve("build-images.log");
        long t0 = System.nanoTime();
        Process build = new ProcessBuilder(LocalStack.repoRoot().resolve("deploy/containers/build").toString(),
                "--local", "--" + variant).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(20, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("deploy/containers/build did not finish within 20 min; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(build.exitValue()).as("deploy/containers/build --local --%s:%n%s", variant, output).isZero();
        System.out.printf("images built in %.1f s:%n%s", (System.nanoTime() - t0) / 1e9, output);
    }

    private ServiceContainer startContainer(Service service) {
        List<String> args = variant.equals("native")
                // executables made by the native-image check tool do not size their heap from the container's limit
                ? List.of("-Xmx256m")
                : List.of();
        Map<String, String> environment = new LinkedHashMap<>(platform.settings(service).asEnvironment());
        if (variant.equals("jvm")) {
            environment.put("JDK_JAVA_OPTIONS", "-Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
        }
        return ServiceContainer.start("floe-it-" + platform.id + "-" + service.module(),
                "floe-" + service.module() + ":" + variant, environment, args);
    }

    private double metric(Service service, String name, Map<String, String> labels) {
        String text = HttpPoll.get(containers.get(service).url("/q/metrics"), "text/plain").body();
        return io.k2.floe.tiering.testing.PrometheusText.require(text, name, labels);
    }

    /** The sum of every sample of a counter, whatever its labels. */
    private double sum(Service service, String name) {
        String text = HttpPoll.get(containers.get(service).url("/q/metrics"), "text/plain").body();
        return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private Event awaitEvent(Predicate<Event> match, String what) {
        return decode(events.await(r -> {
            Event event = decode(r);
            return event != null && match.test(event);
        }, WAIT, what + " (logs in " + platform.dir() + ")"));
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    /** Waits until the bronze tables hold these many rows (the exchanges' messages, duplicates included). */
    private void awaitBronze(long binance, long kraken) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Long> last = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            last = List.of(warm.number("SELECT count() FROM bronze_trades_binance"),
                    warm.number("SELECT count() FROM bronze_trades_kraken"));
            if (last.get(0) >= binance && last.get(1) >= kraken) {
                assertThat(last).as("bronze rows").containsExactly(binance, kraken);
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bronze holds " + last + " rows, expected " + binance + " + " + kraken + " after " + WAIT);
    }
}
