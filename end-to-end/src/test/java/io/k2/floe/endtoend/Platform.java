package io.k2.floe.endtoend;

import io.k2.floe.tiering.security.ApiTokens;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.testing.rest.RestCatalogProcess;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform in a corner of its own on the local stack, as it runs in production: trade feed topics, a
 * ClickHouse database with the reference warm-tier DDL fed by them (bronze, silver, gold), Floe's command and event
 * topics, an Iceberg catalog and warehouse prefix, a ledger schema — and the four services as their own processes
 * (the packaged apps), plus the trade generator publishing continuously. Nothing here touches the shared k2 database
 * or Floe's own topics, so the test can kill, restart and drop things without disturbing anyone.
 */
final class Platform implements AutoCloseable {

    final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final String database = "floe_e2e_" + id;
    final String ledgerSchema = "floe_e2e_" + id;
    /** The auditor's verdict store (FLOE_AUDIT_SCHEMA), not the shared default floe_audit. */
    final String auditSchema = "floe_e2e_" + id + "_audit";
    final String catalogName = "floe_e2e_" + id;
    final String warehouse = "s3://" + env("FLOE_S3_BUCKET") + "/e2e/" + id;
    final String tradePrefix = "floe.e2e-" + id + ".trades.";
    final String offloadTopic = "floe.e2e-" + id + ".commands.offload";
    final String auditTopic = "floe.e2e-" + id + ".commands.audit";
    final String maintenanceTopic = "floe.e2e-" + id + ".commands.maintenance";
    final String eventTopic = "floe.e2e-" + id + ".events";
    final String deadLetterTopic = "floe.e2e-" + id + ".dead-letter";

    private final Path dir;
    private final Map<Service, Path> apps = new HashMap<>();
    /** Fixed HTTP ports of services (e.g. the one the stack's Prometheus scrapes); a free port otherwise. */
    private final Map<Service, Integer> ports = new HashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> coordinatorSettings;
    private static final String API_ISSUER = "floe-e2e";
    private final ApiTokens tokens;
    private Process generator;
    private int started;
    private int warmBlockSize = 100;
    /** The REST catalog the services use instead of the JDBC catalog, when a test gives one. */
    private RestCatalogProcess restCatalog;
    /** Environment every service gets on top of its own (e.g. a maintenance policy the whole platform shares). */
    private final Map<String, String> everyService = new HashMap<>();
    /** Configuration properties (-D) of one kind of service on top of its own, e.g. a consumer's session timeout. */
    private final Map<Service, Map<String, String>> extraProperties = new HashMap<>();

    /** @param coordinatorSettings extra environment of the coordinator, e.g. its schedule */
    Platform(Map<String, String> coordinatorSettings) {
        this.coordinatorSettings = Map.copyOf(coordinatorSettings);
        try {
            dir = Files.createDirectories(LocalStack.repoRoot().resolve("end-to-end/target/e2e/" + id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the platform's own API key pair: its coordinator verifies tokens with the public half, apiToken signs them
        ApiTokens.generateKeys(dir.resolve("api-keys"), true);
        tokens = ApiTokens.fromKeyDir(dir.resolve("api-keys"), API_ISSUER);
    }

    /** A bearer token for the platform's coordinator API with {@code role} (ApiTokens.READER or OPERATOR). */
    String apiToken(String role) {
        return tokens.forRole(role);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stack corner

    /** Rows per insert block of the warm tier's Kafka tables (default 100: a trickle of 20 trades/s on the smaller exchange arrives within seconds). */
    Platform warmBlockSize(int rows) {
        this.warmBlockSize = rows;
        return this;
    }

    /** Environment every later start of every service gets, e.g. the table catalog's maintenance policy. */
    Platform everyService(Map<String, String> environment) {
        everyService.putAll(environment);
        return this;
    }

    /** A configuration property (-D) every later start of {@code service} gets. */
    Platform property(Service service, String name, String value) {
        extraProperties.computeIfAbsent(service, s -> new HashMap<>()).put(name, value);
        return this;
    }

    /** Topics, the warm tier's DDL in the test's database. */
    void create() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env("FLOE_KAFKA_BOOTSTRAP")))) {
            admin.createTopics(List.of(
                    new NewTopic(tradePrefix + "binance", 4, (short) 1),
                    new NewTopic(tradePrefix + "kraken", 4, (short) 1),
                    new NewTopic(offloadTopic, 9, (short) 1),
                    new NewTopic(auditTopic, 9, (short) 1),
                    new NewTopic(maintenanceTopic, 9, (short) 1),
                    new NewTopic(eventTopic, 4, (short) 1),
                    new NewTopic(deadLetterTopic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the end-to-end test's topics", e);
        }
        applyWarmDdl();
    }

    /** deploy/clickhouse/apply into the test's database, fed by the test's trade topics (idempotent). */
    void applyWarmDdl() {
        Map<String, String> environment = new HashMap<>();
        environment.put("FLOE_CLICKHOUSE_DATABASE", database);
        environment.put("FLOE_WARM_TOPIC_PREFIX", tradePrefix);
        environment.put("FLOE_WARM_KAFKA_GROUP_PREFIX", "floe_e2e_" + id + "_bronze_");
        // Small insert blocks, so that a trickle of trades reaches the warm tier within seconds (18.16's Kafka engine
        // flushes a block when it is full or the topic idle).
        environment.put("FLOE_WARM_KAFKA_BLOCK_SIZE", Integer.toString(warmBlockSize));
        run(List.of(LocalStack.repoRoot().resolve("deploy/clickhouse/apply").toString()), environment,
                dir.resolve("apply.log"), Duration.ofMinutes(3));
    }

    WarmSql warm() {
        return new WarmSql(new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL"), env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), database, Duration.ofSeconds(5)));
    }

    /**
     * Every later start of a service uses this REST catalog ({@code FLOE_CATALOG_TYPE=rest}, its URI and token, as a
     * user configures it) instead of the JDBC catalog; {@link #cold()} reads through it too.
     */
    Platform restCatalog(RestCatalogProcess catalog) {
        this.restCatalog = catalog;
        return this;
    }

    /** The platform's cold tier as the services see it: through the REST catalog when one is set, else JDBC. */
    ColdCatalogs cold() {
        return restCatalog != null ? restCatalog.open(catalogName, warehouse) : LocalColdTier.open(catalogName, warehouse);
    }

    Connection ledger() throws SQLException {
        Connection connection = DriverManager.getConnection(env("FLOE_JDBC_URL"), env("FLOE_PG_USER"),
                System.getenv("FLOE_PG_PASSWORD"));
        connection.createStatement().execute("SET search_path TO " + ledgerSchema);
        return connection;
    }

    /** The verdicts the platform's auditor recorded (its schema exists once the auditor has started). */
    VerdictStore verdicts() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(env("FLOE_JDBC_URL"));
        dataSource.setUser(env("FLOE_PG_USER"));
        dataSource.setPassword(System.getenv("FLOE_PG_PASSWORD"));
        return new VerdictStore(dataSource, auditSchema);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Services

    /** Every later start of {@code service} listens on {@code port} (one process of it at a time, then). */
    Platform port(Service service, int port) {
        ports.put(service, port);
        return this;
    }

    /** Starts a service under {@code name} (e.g. "worker-a") and waits until it is ready. */
    ServiceProcess start(String name, Service service) {
        ServiceProcess process = launch(name, service);
        process.awaitReady(Duration.ofMinutes(3));
        return process;
    }

    /** Starts a service under {@code name} without waiting for it: several start at once, each then awaited. */
    ServiceProcess launch(String name, Service service) {
        Path jar = apps.computeIfAbsent(service, s -> ServiceProcess.copyApp(s, dir.resolve("app-" + s.module())));
        Settings settings = settings(service);
        ServiceProcess process = ServiceProcess.builder(service, jar)
                .env(settings.environment())
                .systemProperties(settings.systemProperties())
                .log(dir.resolve(name + "-" + (++started) + ".log"))
                .port(ports.getOrDefault(service, 0))
                .start();
        services.put(name, process);
        return process;
    }

    /**
     * What a service of this platform is configured with on top of the local stack's environment: its database,
     * catalog, warehouse prefix, topics, consumer group and schemas.
     */
    Settings settings(Service service) {
        Map<String, String> properties = new HashMap<>();
        Map<String, String> environment = new HashMap<>(commonEnvironment());
        switch (service) {
            case COORDINATOR -> {
                // maintenance only when a test asks for it: the daily schedule must not start runs among a test's
                environment.put("FLOE_COORDINATOR_MAINTENANCE_SCHEDULE", "off");
                environment.putAll(coordinatorSettings);
                environment.put("FLOE_LEDGER_SCHEMA", ledgerSchema);
                environment.put("FLOE_OFFLOAD_COMMAND_TOPIC", offloadTopic);
                environment.put("FLOE_AUDIT_COMMAND_TOPIC", auditTopic);
                environment.put("FLOE_MAINTENANCE_COMMAND_TOPIC", maintenanceTopic);
                environment.put("FLOE_EVENT_TOPIC", eventTopic);
                environment.put("FLOE_DEAD_LETTER_TOPIC", deadLetterTopic);
                environment.put("FLOE_COORDINATOR_GROUP", "floe-e2e-" + id + "-coordinator");
                // Its alert forwarder (on when the stack's FLOE_ALERTMANAGER_URL is set) keeps to a group of its own too.
                environment.put("FLOE_ALERTING_GROUP", "floe-e2e-" + id + "-alerting");
                environment.put("FLOE_API_JWT_PUBLIC_KEY", dir.resolve("api-keys").resolve(ApiTokens.PUBLIC_KEY_FILE)
                        .toString());
                environment.put("FLOE_API_JWT_ISSUER", API_ISSUER);
            }
            case OFFLOAD_WORKER -> workerTopics(properties, offloadTopic, "offload-worker");
            case AUDITOR -> {
                workerTopics(properties, auditTopic, "auditor");
                environment.put("FLOE_AUDIT_SCHEMA", auditSchema);
            }
            case MAINTENANCE_WORKER -> {
                workerTopics(properties, maintenanceTopic, "maintenance-worker");
                // warm retention reads the auditor's verdicts
                environment.put("FLOE_AUDIT_SCHEMA", auditSchema);
            }
        }
        properties.putAll(extraProperties.getOrDefault(service, Map.of()));
        return new Settings(environment, properties);
    }

    /** A service's settings: environment variables, and the configuration properties a process gets as -D. */
    record Settings(Map<String, String> environment, Map<String, String> systemProperties) {

        /**
         * Everything as environment variables, a container's only input: each property under the name SmallRye Config
         * looks up for it (letters and digits upper-cased, everything else an underscore), e.g.
         * {@code mp.messaging.incoming.commands.topic} → {@code MP_MESSAGING_INCOMING_COMMANDS_TOPIC}.
         */
        Map<String, String> asEnvironment() {
            Map<String, String> all = new HashMap<>(environment);
            systemProperties.forEach((name, value) ->
                    all.put(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT), value));
            return all;
        }
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    /** The services started under their names whose (latest) process is still alive. */
    Map<String, ServiceProcess> running() {
        Map<String, ServiceProcess> alive = new LinkedHashMap<>();
        services.forEach((name, process) -> {
            if (process.isAlive()) {
                alive.put(name, process);
            }
        });
        return alive;
    }

    private void workerTopics(Map<String, String> properties, String commandTopic, String group) {
        properties.put("mp.messaging.incoming.commands.topic", commandTopic);
        properties.put("mp.messaging.incoming.commands.group.id", "floe-e2e-" + id + "-" + group);
        properties.put("mp.messaging.outgoing.events.topic", eventTopic);
        properties.put("mp.messaging.outgoing.dead-letter.topic", deadLetterTopic);
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("FLOE_CLICKHOUSE_DATABASE", database);
        environment.put("FLOE_CATALOG_NAME", catalogName);
        environment.put("FLOE_WAREHOUSE", warehouse);
        if (restCatalog != null) {
            environment.put("FLOE_CATALOG_TYPE", "rest");
            environment.put("FLOE_CATALOG_URI", restCatalog.uri());
            environment.put("FLOE_CATALOG_TOKEN", restCatalog.token());
        }
        environment.putAll(everyService);
        return environment;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Trade feed

    /** Starts the generator: {@code rate} messages per second of wall-clock time, market time from {@code marketStart}. */
    void startGenerator(int rate, long count, Instant marketStart) {
        List<String> command = List.of(LocalStack.repoRoot().resolve("deploy/local/generate-trades").toString(),
                "--topic-prefix", tradePrefix, "--rate", Integer.toString(rate), "--count", Long.toString(count),
                "--start-time", marketStart.toString(), "--seed", Long.toString(System.nanoTime() % 1000));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("generator.log").toFile());
            generator = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the trade generator", e);
        }
    }

    /** Runs the generator with {@code options} (besides the topic prefix) to its end; its output. */
    String generate(List<String> options, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(LocalStack.repoRoot().resolve("deploy/local/generate-trades")
                .toString(), "--topic-prefix", tradePrefix));
        command.addAll(options);
        Path log = dir.resolve("generator-batch.log");
        run(command, Map.of(), log, timeout);
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the generator with {@code options} to its end (see {@link #generate}); the messages it published per
     * exchange (binance, kraken), from its summary.
     */
    Map<String, Long> publish(List<String> options, Duration timeout) {
        String output = generate(options, timeout);
        Map<String, Long> published = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && (fields[0].equals("binance") || fields[0].equals("kraken"))) {
                published.put(fields[0], Long.parseLong(fields[1].replace(",", "")));
            }
        }
        if (published.isEmpty()) {
            throw new IllegalStateException("no per-exchange counts in the generator's output:\n" + output);
        }
        return published;
    }

    void stopGenerator() {
        if (generator != null && generator.isAlive()) {
            generator.destroy();
            try {
                generator.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            generator.destroyForcibly();
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stopGenerator();
        for (ServiceProcess process : services.values()) {
            try {
                process.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        if (Boolean.getBoolean("floe.e2e.keep")) {
            return;
        }
        try (WarmSql warm = warm()) {
            warm.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (RuntimeException e) {
            // the stack may be gone; nothing to keep clean then
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env("FLOE_KAFKA_BOOTSTRAP")))) {
            admin.deleteTopics(List.of(tradePrefix + "binance", tradePrefix + "kraken", offloadTopic, auditTopic,
                    maintenanceTopic, eventTopic, deadLetterTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // idem
        }
        try (Connection ledger = ledger()) {
            ledger.createStatement().execute("DROP SCHEMA IF EXISTS " + ledgerSchema + " CASCADE");
            ledger.createStatement().execute("DROP SCHEMA IF EXISTS " + auditSchema + " CASCADE");
        } catch (SQLException e) {
            // idem
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void run(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeout + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String env(String name) {
        return LocalColdTier.env(name);
    }
}
