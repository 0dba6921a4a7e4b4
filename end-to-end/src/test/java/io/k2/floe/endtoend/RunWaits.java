package io.k2.floe.endtoend;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits on a platform's runs, read from its coordinator's ledger (which may be restarting meanwhile). */
final class RunWaits {

    private final Platform platform;
    private final Duration runWait;

    /** @param runWait how long one run may take */
    RunWaits(Platform platform, Duration runWait) {
        this.platform = platform;
        this.runWait = runWait;
    }

    /** Waits for {@code count} runs of the kind started after {@code since} to finish successfully; their ids. */
    List<String> awaitCompletedRuns(int count, String kind, Instant since) throws Exception {
        long deadline = System.nanoTime() + runWait.multipliedBy(count).toNanos();
        while (true) {
            List<String> done = new ArrayList<>();
            try (Connection ledger = platform.ledger()) {
                var statement = ledger.prepareStatement("SELECT run_id, status FROM runs WHERE kind = ? AND started_at > ?"
                        + " AND status <> 'RUNNING' ORDER BY started_at");
                statement.setString(1, kind);
                statement.setTimestamp(2, Timestamp.from(since));
                ResultSet rows = statement.executeQuery();
                while (rows.next()) {
                    assertThat(rows.getString(2)).as("run %s", rows.getString(1)).isEqualTo("SUCCEEDED");
                    done.add(rows.getString(1));
                }
            } catch (SQLException e) {
                // the ledger's database may be restarting
            }
            if (done.size() >= count) {
                return done.subList(0, count);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + done.size() + " of " + count + " " + kind + " runs completed since "
                        + since + " within " + runWait.multipliedBy(count) + "; logs in " + platform.dir());
            }
            Thread.sleep(1_000);
        }
    }

    /** Waits for a run started after {@code since} with an offload command out; its id. */
    String awaitRunWithSentOffload(Instant since) throws Exception {
        long deadline = System.nanoTime() + runWait.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ledger = platform.ledger()) {
                var statement = ledger.prepareStatement("SELECT r.run_id FROM runs r JOIN tasks t USING (run_id)"
                        + " WHERE r.started_at > ? AND r.status = 'RUNNING' AND t.kind = 'OFFLOAD' AND t.status = 'SENT'"
                        + " LIMIT 1");
                statement.setTimestamp(1, Timestamp.from(since));
                ResultSet rows = statement.executeQuery();
                if (rows.next()) {
                    return rows.getString(1);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no run with an offload command out started after " + since + " within " + runWait);
    }

    void awaitRunFinished(String run) throws Exception {
        long deadline = System.nanoTime() + runWait.toNanos();
        while (System.nanoTime() < deadline) {
            String status = null;
            try {
                status = runStatus(run);
            } catch (SQLException e) {
                // the ledger's database may be restarting
            }
            if (status != null && !status.equals("RUNNING")) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("run " + run + " did not finish within " + runWait + "; logs in " + platform.dir());
    }

    String runStatus(String run) throws SQLException {
        try (Connection ledger = platform.ledger()) {
            var statement = ledger.prepareStatement("SELECT status FROM runs WHERE run_id = ?");
            statement.setString(1, run);
            ResultSet rows = statement.executeQuery();
            return rows.next() ? rows.getString(1) : null;
        }
    }}
