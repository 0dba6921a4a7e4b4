package io.k2.floe.offload.crash;

import io.k2.floe.offload.window.CrashPoints;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash injection (issue 3, R-EXACTLY-ONCE, docs/requirements.md): the offload worker runs as its own process, is killed with SIGKILL in
 * the middle of offloading a window of a few million rows, and a fresh process finishes the redelivered command. After
 * every kill, the cold table must hold every warm row of the windows offloaded so far exactly once: zero duplicates,
 * zero losses, counted row by row with Iceberg's own reader.
 *
 * <p>Each window is one round: insert the window's rows into the test's warm table, start a worker armed to pause at
 * the round's point ({@link KillPlan}), send the window's command, kill the worker there (or at a random time once its
 * warm query runs), check the table is as the kill point says (untouched before the commit, committed after it),
 * start a worker without fault injection, wait for the answer to the redelivered command (after a kill past the
 * commit: a repeat), stop it, and count. Windows are consecutive, so every round also checks that the marker moves on.
 *
 * <p>Reduced plan by default (CI); {@code -Dfloe.crash.full=true} or {@code FLOE_CRASH_FULL=1} runs 12 kills on bigger
 * windows. {@code -Dfloe.crash.seed=N} repeats a run's random choices, {@code -Dfloe.crash.rows-per-window=N} sizes the
 * windows, {@code -Dfloe.crash.points=...} picks the kills (including {@link KillPlan#FROZEN}, a stalled worker that
 * resumes after another one committed, which no plan holds by default). Worker logs:
 * {@code offload-worker/target/crash-it/<run>/}. Isolation: {@link CrashStack}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffloadCrashIT {

    private static final String TABLE = "bronze_trades_binance";
    private static final TableIdentifier COLD_TABLE = TableIdentifier.of("cold", TABLE);
    private static final long SECONDS_PER_WINDOW = 100;
    /** Error types a coordinator retries (docs/messages.md); any other failed answer fails the test. */
    private static final Set<String> RETRYABLE = Set.of(ErrorTypes.WARM_UNAVAILABLE, ErrorTypes.COLD_UNAVAILABLE,
            ErrorTypes.COMMIT_CONFLICT);
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private final MessageCodec codec = new MessageCodec();
    private final long seed = Long.getLong("floe.crash.seed", System.nanoTime());
    private final long rowsPerWindow = Long.getLong("floe.crash.rows-per-window",
            KillPlan.full() ? 3_000_000L : 1_500_000L);
    private final List<String> rounds = new ArrayList<>();

    private CrashStack stack;
    private WarmSql warm;
    private CrashTrades trades;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail events;
    private ColdCatalogs catalogs;
    private ServiceProcess worker;
    /** The frozen worker of a {@link KillPlan#FROZEN} round while it lives. */
    private ServiceProcess stalled;
    /** Offset of the last answer taken from the events topic. */
    private long lastAnswer = -1;
    private Path logs;
    private Path app;
    /**
     * The quickest undisturbed offload of a window seen so far (at first a guess from ~250 000 rows/s); random-time
     * kills are placed within it.
     */
    private long quickestOffloadMillis = rowsPerWindow / 250;

    @BeforeAll
    void isolate() {
        stack = new CrashStack();
        logs = LocalStack.repoRoot().resolve("offload-worker/target/crash-it/" + stack.runId);
        app = ServiceProcess.copyApp(Service.OFFLOAD_WORKER, logs.resolve("quarkus-app"));
        stack.create();
        warm = new WarmSql(stack.warm());
        long firstSecond = Instant.now().getEpochSecond() - Duration.ofDays(1).toSeconds();
        trades = new CrashTrades(warm, firstSecond, rowsPerWindow, SECONDS_PER_WINDOW);
        trades.create();
        kafka = new KafkaTestClient(CrashStack.env("FLOE_KAFKA_BOOTSTRAP"));
        events = kafka.tail(stack.eventTopic);
        catalogs = stack.catalogs();
        System.out.printf("crash test run %s: seed %d (-Dfloe.crash.seed), %d rows per window, %s plan, logs in %s%n",
                stack.runId, seed, rowsPerWindow, KillPlan.full() ? "full" : "CI", logs);
    }

    @AfterAll
    void cleanUp() {
        if (stack == null) {
            return;
        }
        for (ServiceProcess left : new ServiceProcess[] {worker, stalled}) {
            if (left != null) {
                left.close();
            }
        }
        System.out.println("crash test run " + stack.runId + ", seed " + seed + ":\n  " + String.join("\n  ", rounds));
        boolean keep = Boolean.getBoolean("floe.crash.keep");
        if (events != null) {
            events.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (catalogs != null) {
            if (!keep) {
                try {
                    catalogs.catalog().dropTable(COLD_TABLE, true);
                    if (catalogs.catalog() instanceof SupportsNamespaces namespaces) {
                        namespaces.dropNamespace(Namespace.of("cold"));
                    }
                } catch (RuntimeException e) {
                    System.err.println("crash test: could not drop " + COLD_TABLE + ": " + e);
                }
            }
            try {
                catalogs.close();
            } catch (IOException e) {
                System.err.println("crash test: " + e);
            }
        }
        deleteTree(app == null ? null : app.getParent());
        if (!keep) {
            stack.remove();
            if (trades != null) {
                trades.drop();
            }
        }
        if (warm != null) {
            warm.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void everyKilledOffloadIsFinishedByTheRedeliveredCommandWithoutDuplicatesOrLosses() {
        List<KillPlan.Kill> kills = KillPlan.kills(seed, rowsPerWindow);
        long started = System.nanoTime();
        for (int k = 0; k < kills.size(); k++) {
            round(k, kills.get(k));
        }
        // all windows together, once more: no row twice, none missing, across window boundaries too
        ColdRowsCheck.Counts all = ColdRowsCheck.count(table(), trades, 0, trades.firstRow(kills.size()));
        rounds.add("all " + kills.size() + " windows: " + all + "; " + orphans() + " uncommitted files left for"
                + " orphan cleanup; " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        assertThat(all.duplicates()).as("duplicates over all windows").isZero();
        assertThat(all.losses()).as("losses over all windows").isZero();
        assertThat(all.strangers()).as("strangers over all windows").isZero();
        assertThat(all.rows()).as("cold rows over all windows").isEqualTo(all.expected());
    }

    private void round(int k, KillPlan.Kill kill) {
        long roundStarted = System.nanoTime();
        Window window = trades.window(k);
        trades.insertWindow(k);
        long warmRows = trades.warmCount(window.lower(), window.upper());
        assertThat(warmRows).as("warm rows of window " + k).isEqualTo(rowsPerWindow);
        OffloadCommand command = OffloadCommand.normal("crash-" + stack.runId + "-" + k, "crash-run-" + stack.runId,
                TABLE, 1, window, Instant.now());
        Outcome outcome = kill.frozen() ? freezeAndResume(k, command) : killAndRestart(k, kill, command);
        if (!outcome.answer().repeat()) {
            assertThat(outcome.answer().rows()).as("rows reported by the committing attempt").isEqualTo(warmRows);
            quickestOffloadMillis = Math.min(quickestOffloadMillis, outcome.answer().durationMs());
        }

        // count: the marker moved to this window, every warm row so far is in the cold table exactly once
        MarkerAt marker = latestMarker();
        assertThat(marker.marker().window()).as("marker after window " + k).isEqualTo(window);
        assertThat(marker.marker().commandId()).isEqualTo(command.commandId());
        Table table = table();
        List<String> missing = missingDataFiles(table);
        assertThat(missing).as("data files of the table missing from the object store after window %d, killed %s",
                k, outcome.where()).isEmpty();
        long coldTotal = Long.parseLong(table.currentSnapshot().summary().get("total-records"));
        long warmTotal = trades.warmCount(trades.window(0).lower(), window.upper());
        long countStarted = System.nanoTime();
        ColdRowsCheck.Counts counts = ColdRowsCheck.count(table, trades, trades.firstRow(k), trades.firstRow(k + 1));
        long countMillis = (System.nanoTime() - countStarted) / 1_000_000;
        String line = String.format("window %d %s: killed %s; answer %s, %d rows, %d ms; %s (read back in %d ms);"
                        + " cold total %d, warm total %d; round %d s",
                k, window, outcome.where(), outcome.answer().repeat() ? "repeat" : "committed",
                outcome.answer().rows(), outcome.answer().durationMs(), counts, countMillis, coldTotal, warmTotal,
                (System.nanoTime() - roundStarted) / 1_000_000_000);
        rounds.add(line);
        System.out.println("crash test: " + line);
        assertThat(counts.duplicates()).as("duplicates in window " + k).isZero();
        assertThat(counts.losses()).as("losses in window " + k).isZero();
        assertThat(counts.strangers()).as("strangers in window " + k).isZero();
        assertThat(counts.rows()).as("cold rows of window " + k).isEqualTo(warmRows);
        assertThat(coldTotal).as("cold rows of windows 0.." + k).isEqualTo(warmTotal);
    }

    /**
     * How a round went.
     *
     * @param where  where the worker was killed, for the report
     * @param answer the completed answer the round's command got
     */
    private record Outcome(String where, OffloadCompleted answer) {
    }

    /**
     * A worker armed with the kill's pause point takes the command and is killed there (or at a random time); a worker
     * without fault injection gets the command again and answers it.
     */
    private Outcome killAndRestart(int k, KillPlan.Kill kill, OffloadCommand command) {
        Optional<Long> before = currentSnapshot();
        worker = startWorker(workerEnv(kill.pauseAt()), stack.workerSystemProperties(),
                logs.resolve("round-" + k + "-killed.log"));
        send(command);
        String where;
        if (kill.atRandomTime()) {
            long queryStarted = awaitWarmQuery(command.window());
            // within the quickest undisturbed offload seen, so that the kill lands while it reads and writes
            long delay = (long) ((0.05 + 0.85 * kill.fraction()) * quickestOffloadMillis);
            ServiceProcess.sleep(Math.max(0, delay - (System.nanoTime() - queryStarted) / 1_000_000));
            where = "random, " + delay + " ms into the warm read";
        } else {
            worker.awaitLog(CrashPoints.REACHED + " " + kill.pauseAt(), PAUSE_TIMEOUT);
            where = "paused at " + kill.pauseAt();
        }
        int status = worker.kill();
        assertThat(status).as("exit status of worker %d killed %s (SIGKILL)", worker.pid(), where)
                .isEqualTo(ServiceProcess.SIGKILL_STATUS);
        if (worker.logContains("offloaded " + TABLE + " window")) {
            where += " (after it finished)";
        }

        // what the kill left: nothing before the commit, the whole window after it
        Optional<Long> afterKill = currentSnapshot();
        if (kill.beforeCommit()) {
            assertThat(afterKill).as("snapshot after a kill %s (%s)", where, worker.log()).isEqualTo(before);
        } else if (kill.point().equals(CrashPoints.AFTER_COMMIT)) {
            assertThat(afterKill).as("snapshot after a kill %s", where).isNotEqualTo(before);
            assertThat(latestMarker().marker().commandId()).isEqualTo(command.commandId());
        }
        if (!afterKill.equals(before)) {
            where += " (after its commit)";
        }

        worker = startWorker(workerEnv(null), stack.workerSystemProperties(),
                logs.resolve("round-" + k + "-restarted.log"));
        OffloadCompleted completed = awaitCompletion(command);
        if (kill.point().equals(CrashPoints.AFTER_COMMIT)) {
            assertThat(completed.repeat()).as("the redelivered command after a kill past the commit is a repeat")
                    .isTrue();
        }
        if (kill.beforeCommit()) {
            assertThat(completed.repeat()).as("the redelivered command after a kill before the commit commits").isFalse();
        }
        worker.stop(Duration.ofSeconds(30));
        worker = null;
        return new Outcome(where, completed);
    }

    /**
     * A stalled rather than dead worker ({@link KillPlan#FROZEN}): frozen with SIGSTOP just before its commit, so that
     * its consumer session expires and a second worker gets the command and commits the window; then resumed, it
     * commits too late (a repeat, which must leave the second worker's rows alone) and is killed after its answer.
     */
    private Outcome freezeAndResume(int k, OffloadCommand command) {
        Map<String, String> resumes = new HashMap<>(stack.workerSystemProperties());
        resumes.put("floe.offload-worker.pause-for", "PT5S"); // long enough to freeze it; over once it is thawed
        stalled = startWorker(workerEnv(CrashPoints.BEFORE_COMMIT), resumes,
                logs.resolve("round-" + k + "-frozen.log"));
        send(command);
        stalled.awaitLog(CrashPoints.REACHED + " " + CrashPoints.BEFORE_COMMIT, PAUSE_TIMEOUT);
        stalled.pause();

        worker = startWorker(workerEnv(null), stack.workerSystemProperties(),
                logs.resolve("round-" + k + "-takeover.log"));
        OffloadCompleted takeover = awaitCompletion(command);
        assertThat(takeover.repeat()).as("the worker that took the command over commits the window").isFalse();
        worker.stop(Duration.ofSeconds(30));
        worker = null;

        stalled.resume();
        OffloadCompleted late = awaitCompletion(command);
        assertThat(late.repeat()).as("the resumed worker's late commit is a repeat").isTrue();
        int status = stalled.kill();
        assertThat(status).as("exit status of the resumed worker (SIGKILL)").isEqualTo(ServiceProcess.SIGKILL_STATUS);
        stalled = null;
        return new Outcome("frozen (SIGSTOP) at before-commit while another worker committed, then resumed", takeover);
    }

    /**
     * The answer to {@code command}, retried with the next attempt while it fails with a type a coordinator retries;
     * any other failure fails the test.
     */
    private OffloadCompleted awaitCompletion(OffloadCommand command) {
        OffloadCommand current = command;
        for (int retries = 0; ; retries++) {
            TaskEvent answer = awaitAnswer(current);
            if (answer instanceof OffloadCompleted completed) {
                return completed;
            }
            TaskFailed failed = (TaskFailed) answer;
            if (!RETRYABLE.contains(failed.errorType()) || retries == 2) {
                throw new AssertionError("command " + command.commandId() + " attempt " + current.attempt()
                        + " failed: " + failed.errorType() + " " + failed.message() + "\n" + worker.tail(80));
            }
            System.out.println("crash test: attempt " + current.attempt() + " of " + command.commandId() + " failed ("
                    + failed.errorType() + "), retrying: " + failed.message());
            current = current.retry(current.attempt() + 1, Instant.now());
            send(current);
        }
    }

    /** The next answer to {@code command} after those already taken (the events topic has one partition). */
    private TaskEvent awaitAnswer(OffloadCommand command) {
        try {
            ConsumerRecord<byte[], byte[]> record = events.await(r -> r.offset() > lastAnswer && answers(r, command),
                    ANSWER_TIMEOUT, "an answer to " + command.commandId() + " attempt " + command.attempt());
            lastAnswer = record.offset();
            return (TaskEvent) decode(record);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + worker.tail(80), e);
        }
    }

    private boolean answers(ConsumerRecord<byte[], byte[]> record, OffloadCommand command) {
        return decode(record) instanceof TaskEvent answer && answer.commandId().equals(command.commandId())
                && answer.attempt() == command.attempt();
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private void send(OffloadCommand command) {
        kafka.send(stack.commandTopic, command.table(), codec.encode("/floe/crash-test", command));
    }

    /**
     * Waits until the worker's read of {@code window} runs in ClickHouse (a query whose text holds the window's lower
     * bound in microseconds: a part's stream, or the sorted query) and returns when it was first seen
     * ({@link System#nanoTime()}).
     */
    private long awaitWarmQuery(Window window) {
        String bound = "> " + window.lower().getEpochSecond() * 1_000_000L + " AND";
        long deadline = System.nanoTime() + PAUSE_TIMEOUT.toNanos();
        while (warm.number("SELECT count() FROM system.processes WHERE position(query, '" + bound + "') > 0"
                + " AND (position(query, 'ORDER BY') > 0 OR position(query, '_part = ') > 0)"
                + " AND position(query, 'system.processes') = 0") == 0) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the worker's warm query for " + window + " did not start\n" + worker.tail(60));
            }
            ServiceProcess.sleep(20);
        }
        return System.nanoTime();
    }

    /** A worker as its own OS process, from the test's copy of the packaged module. */
    private ServiceProcess startWorker(Map<String, String> env, Map<String, String> systemProperties, Path log) {
        return ServiceProcess.builder(Service.OFFLOAD_WORKER, app).env(env).systemProperties(systemProperties).log(log)
                .start();
    }

    private Map<String, String> workerEnv(String pauseAt) {
        Map<String, String> env = stack.workerEnvironment();
        env.put("FLOE_OFFLOAD_PAUSE_AT", pauseAt == null ? "" : pauseAt);
        return env;
    }

    private Table table() {
        return catalogs.catalog().loadTable(COLD_TABLE);
    }

    /** The cold table's current snapshot; empty while the table or its first snapshot does not exist. */
    private Optional<Long> currentSnapshot() {
        if (!catalogs.catalog().tableExists(COLD_TABLE)) {
            return Optional.empty();
        }
        return Optional.ofNullable(table().currentSnapshot()).map(Snapshot::snapshotId);
    }

    private MarkerAt latestMarker() {
        return MarkerHistory.latest(table()).orElseThrow(() -> new AssertionError("no marker in " + COLD_TABLE));
    }

    /** Removes the copy of the worker application; the logs next to it stay. */
    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("crash test: could not delete " + dir + ": " + e);
        }
    }

    /** Data files under the table's data directory that no snapshot references: what killed attempts left behind. */
    private long orphans() {
        Table table = table();
        Set<String> referenced = dataFiles(table);
        return stack.listObjects(table.location() + "/data/").stream().filter(f -> !referenced.contains(f)).count();
    }

    /** Data files the table references that are not in the object store. */
    private List<String> missingDataFiles(Table table) {
        Set<String> stored = new HashSet<>(stack.listObjects(table.location() + "/data/"));
        return dataFiles(table).stream().filter(f -> !stored.contains(f)).sorted().toList();
    }

    private static Set<String> dataFiles(Table table) {
        Set<String> referenced = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> referenced.add(task.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return referenced;
    }
}
