package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.junit.jupiter.api.Test;

import io.k2.floe.tiering.security.ApiTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once through many faults on every component (issue 13): the real platform in a corner of its own (warm
 * database, catalog, warehouse prefix, topics, ledger schema) — the generator feeding trades, two coordinators (one
 * leads, the other stands by) on a 15-second schedule, two offload-worker replicas, the auditor and the maintenance worker (a policy that compacts and
 * expires every minute) — while faults of every {@link FaultKind} strike at random moments, each preferably within a
 * second or two of a command being in flight (a task SENT in the ledger). Then the feed stops, the coordinators
 * complete a run covering every fed row (then they are stopped between two runs), and every one of the nine cold tables must equal its warm table row by row
 * (every column, duplicates, losses and changed rows counted per table), and the ledger must agree with Iceberg.
 *
 * <p>Length and strength from system properties ({@link ChaosSettings}): the short run (CI) by default, the full one
 * with {@code -Dfloe.chaos.full}; {@code deploy/local/chaos} runs it. The seed is printed first: the same seed makes
 * the same choices of fault, victim and delay (the moments differ with the platform's timing).
 */
class ChaosIT {

    /** The consumers' session timeout on the command and event topics; a paused service stays stopped longer. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final int FEED_RATE = 300;
    private static final Duration FINAL_RUN_WAIT = Duration.ofMinutes(10);

    private final TableCatalog catalog = TableCatalog.load();

    @Test
    void everyRowLandsInColdExactlyOnceThroughFaultsOnEveryComponent() throws Exception {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((name, value) -> properties.put(name.toString(), value.toString()));
        ChaosSettings settings = ChaosSettings.from(properties, new SecureRandom().nextLong());
        System.out.printf("chaos: seed %d (replay: -Dfloe.chaos.seed=%d), %s run, %d min of faults, at least %d faults%n",
                settings.seed(), settings.seed(), settings.full() ? "full" : "short", settings.duration().toMinutes(),
                settings.faults());
        Random random = new Random(settings.seed());
        List<FaultInjector.Target> targets = List.of(
                // two coordinators, as production runs them: one leads, the other takes over when it is killed or stopped
                new FaultInjector.Target("coordinator-a", Service.COORDINATOR),
                new FaultInjector.Target("coordinator-b", Service.COORDINATOR),
                new FaultInjector.Target("worker-a", Service.OFFLOAD_WORKER),
                new FaultInjector.Target("worker-b", Service.OFFLOAD_WORKER),
                new FaultInjector.Target("auditor", Service.AUDITOR),
                new FaultInjector.Target("maintenance", Service.MAINTENANCE_WORKER));
        try (Platform platform = platform(); ColdCatalogs cold = platform.cold(); WarmSql warm = platform.warm()) {
            platform.create();
            Instant marketStart = LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay().minusMinutes(3)
                    .toInstant(ZoneOffset.UTC);
            long seconds = settings.duration().toSeconds() * 3 + 600;
            platform.startGenerator(FEED_RATE, FEED_RATE * seconds, marketStart);
            FaultInjector faults = new FaultInjector(platform, random, targets, SESSION_TIMEOUT);
            faults.startAll();
            Instant started = Instant.now();
            System.out.println("chaos: platform up in " + platform.dir() + "; faults from " + started);

            strike(settings, random, platform, faults, started);

            platform.stopGenerator();
            System.out.println("chaos: " + faults.total() + " faults in "
                    + Duration.between(started, Instant.now()).toSeconds() + " s; feed stopped, recovering");
            faults.recoverAll();
            Instant lastIngested = awaitWarmSettled(warm, platform.database);
            System.out.println("chaos: warm tier settled, last row ingested at " + lastIngested);
            awaitMarkersAtLeast(platform, lastIngested, faults);
            auditGoldUntilEqual(platform, marketStart.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)),
                    targets.stream().filter(t -> t.service() == Service.COORDINATOR).map(FaultInjector.Target::name)
                            .toList());
            stopCoordinatorsBetweenRuns(platform, targets.stream().filter(t -> t.service() == Service.COORDINATOR)
                    .map(FaultInjector.Target::name).toList());

            ClickHouseHttp http = new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"),
                    Platform.env("FLOE_CLICKHOUSE_USER"),
                    Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                    Duration.ofSeconds(30));
            List<RowByRow.Result> results = new ArrayList<>();
            List<String> disagreements = new ArrayList<>();
            try (Connection ledger = platform.ledger()) {
                for (CatalogTable table : catalog.tables()) {
                    results.add(RowByRow.compare(table, cold.catalog(), http).orElseThrow(() ->
                            new AssertionError(table.id() + " has no committed marker after the chaos run")));
                    disagreements.addAll(LedgerAgreement.check(table, cold.catalog(), ledger));
                }
            }
            report(settings, faults, results, disagreements);

            assertThat(faults.total()).as("faults injected").isGreaterThanOrEqualTo(settings.faults());
            int least = settings.full() ? ChaosSettings.FULL_FAULTS_PER_KIND
                    : Math.min(1, settings.faults() / FaultKind.values().length);
            assertThat(faults.injected().values()).as("faults of each kind").allSatisfy(n ->
                    assertThat(n).isGreaterThanOrEqualTo(least));
            assertThat(results).as("tables whose cold rows differ from their warm rows (seed %d)", settings.seed())
                    .filteredOn(r -> !r.clean()).isEmpty();
            assertThat(results).as("rows compared").allSatisfy(r -> assertThat(r.warmRows()).isPositive());
            assertThat(disagreements).as("ledger vs Iceberg (seed %d)", settings.seed()).isEmpty();
            // a service rides out its dependencies' outages (a start-up while PostgreSQL is down waits for it): one
            // that ended by itself would be a crash production's restarts hide
            assertThat(faults.exitedByThemselves()).as("services that exited without being killed (seed %d)",
                    settings.seed()).isEmpty();
        }
    }

    private Platform platform() {
        Map<String, String> coordinator = new LinkedHashMap<>();
        coordinator.put("FLOE_COORDINATOR_SCHEDULE", "0/15 * * * * ?");
        coordinator.put("FLOE_COORDINATOR_SETTLE_LAG", "5s");
        coordinator.put("FLOE_COORDINATOR_TASK_TIMEOUT", "2m");
        coordinator.put("FLOE_COORDINATOR_RETRY_BACKOFF", "2s");
        coordinator.put("FLOE_COORDINATOR_MAX_ATTEMPTS", "20");
        coordinator.put("FLOE_COORDINATOR_MAINTENANCE_SCHEDULE", "per-table");
        Map<String, String> policy = new LinkedHashMap<>();
        // Maintenance every minute, compacting from two small files: it commits beside the offloads all along. Warm
        // retention stays at its default (days): the comparison needs every warm row.
        for (String layer : List.of("BRONZE", "SILVER", "GOLD")) {
            policy.put("FLOE_CATALOG_LAYER_DEFAULTS_" + layer + "_SCHEDULE", "0 0/1 * * * ?");
        }
        for (String layer : List.of("BRONZE", "SILVER")) {
            policy.put("FLOE_CATALOG_LAYER_DEFAULTS_" + layer + "_CLOSED_AFTER", "1m");
            policy.put("FLOE_CATALOG_LAYER_DEFAULTS_" + layer + "_MIN_INPUT_FILES", "2");
            policy.put("FLOE_CATALOG_LAYER_DEFAULTS_" + layer + "_SMALL_FILES_TRIGGER", "1");
        }
        Platform platform = new Platform(coordinator).everyService(policy);
        String session = Long.toString(SESSION_TIMEOUT.toMillis());
        String heartbeat = Long.toString(SESSION_TIMEOUT.toMillis() / 3);
        for (Service worker : List.of(Service.OFFLOAD_WORKER, Service.AUDITOR, Service.MAINTENANCE_WORKER)) {
            platform.property(worker, "mp.messaging.incoming.commands.session.timeout.ms", session);
            platform.property(worker, "mp.messaging.incoming.commands.heartbeat.interval.ms", heartbeat);
        }
        platform.property(Service.COORDINATOR, "floe.coordinator.events.session-timeout", SESSION_TIMEOUT.toMillis() + "ms");
        return platform;
    }

    /**
     * The faults, spread evenly over the run; each waits (a fraction of the pace, at most 10 s) for a command in flight
     * and then strikes within 1.5 s, or strikes anyway.
     */
    private void strike(ChaosSettings settings, Random random, Platform platform, FaultInjector faults, Instant started) {
        FaultPicker picker = new FaultPicker(random);
        Instant end = started.plus(settings.duration());
        // Faults take their time (a stack restart under load up to a minute): the run goes on past its length until
        // it has injected its faults, within a bound that a hung platform cannot stretch forever.
        Duration bound = settings.duration().multipliedBy(3);
        Duration perFault = Duration.ofSeconds(90).multipliedBy(settings.faults());
        Instant hardEnd = started.plus(bound.compareTo(perFault) > 0 ? bound : perFault).plusSeconds(300);
        Duration pace = settings.pace();
        Duration watch = pace.dividedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pace.dividedBy(2);
        for (int i = 0; (Instant.now().isBefore(end) || faults.total() < settings.faults()) && Instant.now().isBefore(hardEnd); i++) {
            Instant due = started.plus(pace.multipliedBy(i));
            waitTicking(faults, due, () -> false);
            boolean inFlight = waitTicking(faults, Instant.now().plus(watch), () -> commandsInFlight(platform));
            if (inFlight) {
                ServiceProcess.sleep(random.nextInt(1_500));
            }
            faults.inject(picker.next(), inFlight);
        }
    }

    /** Ticks the injector until {@code condition} holds (true) or {@code until} passes (false). */
    private static boolean waitTicking(FaultInjector faults, Instant until, BooleanSupplier condition) {
        while (Instant.now().isBefore(until)) {
            faults.tick();
            if (condition.getAsBoolean()) {
                return true;
            }
            ServiceProcess.sleep(200);
        }
        return false;
    }

    private static boolean commandsInFlight(Platform platform) {
        try (Connection ledger = platform.ledger();
             ResultSet rows = ledger.createStatement().executeQuery("SELECT count(*) FROM tasks WHERE status = 'SENT'")) {
            return rows.next() && rows.getLong(1) > 0;
        } catch (SQLException e) {
            return false; // PostgreSQL restarting, or the ledger not migrated yet
        }
    }

    /** Waits until the trade tables stop growing (the Kafka engine has read every published trade); the last ingestion. */
    private Instant awaitWarmSettled(WarmSql warm, String database) {
        String bronze = catalog.tables().stream().filter(t -> t.id().startsWith("bronze_"))
                .map(t -> "SELECT count() AS n, max(ingested_at) AS t FROM `" + database + "`.`" + t.warmTable() + "`")
                .reduce((a, b) -> a + " UNION ALL " + b).orElseThrow();
        String sql = "SELECT sum(n), toUnixTimestamp(max(t)) FROM (" + bronze + ")";
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String last = "";
        int stable = 0;
        while (System.nanoTime() < deadline) {
            String[] row = warm.rows(sql).get(0);
            String now = row[0] + "/" + row[1];
            stable = now.equals(last) ? stable + 1 : 0;
            last = now;
            if (stable >= 3) {
                return Instant.ofEpochSecond(Long.parseLong(row[1]));
            }
            ServiceProcess.sleep(5_000);
        }
        throw new AssertionError("the warm tier kept growing 5 minutes after the feed stopped: " + last);
    }

    /** Waits until every table's ledger marker reaches the last ingestion (a run after the feed covered it). */
    private void awaitMarkersAtLeast(Platform platform, Instant lastIngested, FaultInjector faults) throws Exception {
        long deadline = System.nanoTime() + FINAL_RUN_WAIT.toNanos();
        Map<String, Instant> markers = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            faults.tick();
            markers.clear();
            try (Connection ledger = platform.ledger();
                 PreparedStatement statement = ledger.prepareStatement("SELECT table_id, marker_upper FROM table_states")) {
                ResultSet rows = statement.executeQuery();
                while (rows.next()) {
                    Timestamp upper = rows.getTimestamp(2);
                    markers.put(rows.getString(1), upper == null ? Instant.EPOCH : upper.toInstant());
                }
            }
            if (markers.size() == catalog.size() && markers.values().stream().noneMatch(m -> m.isBefore(lastIngested))) {
                System.out.println("chaos: every table's marker at or past " + lastIngested + ": " + markers);
                return;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("within " + FINAL_RUN_WAIT + " after the feed stopped, not every table's marker reached "
                + lastIngested + " (the last ingested row): " + markers + "; logs in " + platform.dir());
    }

    /**
     * Lets the platform correct its gold bars before the comparison, as it does in production: the generator's market
     * time lies days back, so every bar is final at once and trades still arriving for an open bucket (or held back by a
     * ClickHouse restart) change bars already cold. Those corrections are found by audits and repaired by the
     * coordinator's automatic gold repair. Runs' own audits cover the partitions they wrote; here every gold table is
     * audited over the whole fed range through the API, and the round repeated (at most four times) until every audit
     * is equal, waiting each time for the repairs the mismatches started. Bronze and silver are not audited here: a
     * difference there is not a correction but a failure, and the row-by-row comparison must see it.
     */
    private void auditGoldUntilEqual(Platform platform, Instant from, Instant to, List<String> coordinators)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}";
        for (int round = 1; round <= 4; round++) {
            awaitNothingOpen(platform);
            Instant started = Instant.now();
            for (CatalogTable table : catalog.tables()) {
                if (table.layer().name().equals("GOLD")) {
                    requestAudit(platform, http, coordinators, table.id(), body);
                }
            }
            awaitNothingOpen(platform);
            // The latest verdict per gold partition (an audit's, or the audit a repair ends with): all equal ends it.
            try (Connection ledger = platform.ledger(); PreparedStatement statement = ledger.prepareStatement(
                    "SELECT count(*) FILTER (WHERE NOT equal), count(*) FILTER (WHERE audited_at >= ?)"
                            + " FROM seen_verdicts WHERE table_id LIKE 'gold\\_%'")) {
                statement.setTimestamp(1, Timestamp.from(started));
                ResultSet rows = statement.executeQuery();
                rows.next();
                System.out.printf("chaos: gold audit round %d: %d partitions audited, %d still differ%n", round,
                        rows.getLong(2), rows.getLong(1));
                if (rows.getLong(1) == 0 && rows.getLong(2) > 0) {
                    return;
                }
            }
        }
        throw new AssertionError("gold audits still found differences after four rounds of repairs; logs in "
                + platform.dir());
    }

    /** POST /api/tables/{table}/audit to whichever coordinator leads (a standby answers 503), retried while busy. */
    private static void requestAudit(Platform platform, HttpClient http, List<String> coordinators, String table,
                                     String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (String name : coordinators) {
                ServiceProcess coordinator = platform.service(name);
                if (coordinator == null || !coordinator.isAlive()) {
                    continue;
                }
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                    URI.create(coordinator.baseUrl() + "/api/tables/" + table + "/audit"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + platform.apiToken(ApiTokens.OPERATOR))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 202) {
                        return;
                    }
                    last = name + ": " + answer.statusCode() + " " + answer.body();
                } catch (java.io.IOException e) {
                    last = name + ": " + e.getMessage();
                }
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("no coordinator accepted the audit of " + table + " within 2 minutes; last answer "
                + last);
    }

    /** Waits (at most 10 minutes) for three looks in a row, 2 s apart, without an open run or task. */
    private static void awaitNothingOpen(Platform platform) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int quiet = 0;
        while (quiet < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("runs still open 10 minutes after the feed stopped; logs in " + platform.dir());
            }
            quiet = nothingOpen(platform) ? quiet + 1 : 0;
            Thread.sleep(2_000);
        }
    }

    /**
     * Stops the coordinators (SIGTERM) at a moment when no run and no task is open, so that ledger and Iceberg hold
     * still while they are compared: the schedule goes on after the last run, and a run committing in the middle of
     * the comparison looks like a disagreement. Should a run have started meanwhile, the coordinators are started again
     * to finish it, and the next quiet moment is tried.
     */
    private static void stopCoordinatorsBetweenRuns(Platform platform, List<String> coordinators) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            if (nothingOpen(platform)) {
                coordinators.forEach(name -> platform.service(name).stop());
                if (nothingOpen(platform)) {
                    System.out.println("chaos: coordinators stopped between runs, nothing open");
                    return;
                }
                coordinators.forEach(name -> platform.start(name, Service.COORDINATOR));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no moment without an open run or task within 5 minutes; logs in "
                        + platform.dir());
            }
            Thread.sleep(300);
        }
    }

    private static boolean nothingOpen(Platform platform) {
        try (Connection ledger = platform.ledger();
             ResultSet rows = ledger.createStatement().executeQuery("SELECT (SELECT count(*) FROM runs WHERE status ="
                     + " 'RUNNING') + (SELECT count(*) FROM tasks WHERE status IN ('WAITING', 'SENT', 'RETRY_WAIT'))")) {
            return rows.next() && rows.getLong(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void report(ChaosSettings settings, FaultInjector faults, List<RowByRow.Result> results,
                               List<String> disagreements) {
        StringBuilder out = new StringBuilder("\n==== chaos result (seed " + settings.seed() + ") ====\n");
        out.append(String.format("%-24s %-46s %6s %10s%n", "fault", "what", "count", "in flight"));
        faults.injected().forEach((kind, count) -> out.append(String.format("%-24s %-46s %6d %10d%n", kind,
                kind.description(), count, faults.inFlight(kind))));
        out.append(String.format("%-71s %6d%n", "total", faults.total()));
        if (!faults.exitedByThemselves().isEmpty()) {
            out.append("services that exited without being killed: ").append(faults.exitedByThemselves()).append('\n');
        }
        out.append("\nwarm vs cold, row by row (every column):\n");
        results.forEach(r -> out.append("  ").append(r.clean() ? "ok   " : "FAIL ").append(r).append('\n'));
        out.append("\nledger vs Iceberg: ").append(disagreements.isEmpty() ? "agree" : disagreements.size()
                + " disagreements").append('\n');
        disagreements.forEach(d -> out.append("  ").append(d).append('\n'));
        boolean passed = disagreements.isEmpty() && results.stream().allMatch(RowByRow.Result::clean);
        out.append("\nRESULT: ").append(passed ? "PASSED" : "FAILED").append(" — ").append(faults.total())
                .append(" faults, ").append(results.stream().mapToLong(RowByRow.Result::warmRows).sum())
                .append(" warm rows compared, duplicates ")
                .append(results.stream().mapToLong(RowByRow.Result::duplicates).sum()).append(", losses ")
                .append(results.stream().mapToLong(RowByRow.Result::losses).sum()).append(", changed ")
                .append(results.stream().mapToLong(RowByRow.Result::changed).sum()).append('\n');
        System.out.println(out);
    }
}
