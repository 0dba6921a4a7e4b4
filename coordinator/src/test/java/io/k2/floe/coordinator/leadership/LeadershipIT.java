package io.k2.floe.coordinator.leadership;

import io.k2.floe.tiering.testing.LocalColdTier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The leadership lease and the ledger's fence on the real PostgreSQL, in a ledger schema of the test's own (migrated
 * by the coordinator's Flyway migrations): one of two coordinators leads, a paused leader stops acting on its own
 * clock, the other takes over once the lease has expired, and the former leader's ledger writes are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadershipIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEW = Duration.ofMillis(500);

    private final String schema = "floe_leadership_it_" + UUID.randomUUID().toString().substring(0, 8);
    private PGSimpleDataSource database;

    @BeforeAll
    void migrate() {
        database = new PGSimpleDataSource();
        database.setURL(LocalColdTier.env("FLOE_JDBC_URL"));
        database.setUser(LocalColdTier.env("FLOE_PG_USER"));
        database.setPassword(System.getenv("FLOE_PG_PASSWORD"));
        database.setCurrentSchema(schema);
        Flyway.configure().dataSource(database).schemas(schema).defaultSchema(schema).load().migrate();
    }

    @AfterAll
    void drop() throws SQLException {
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void oneLeadsAPausedLeaderStopsActingAndTheOtherTakesOverWhileTheFormerLeadersWritesAreRefused() throws Exception {
        AtomicLong clockA = new AtomicLong(System.nanoTime());
        Leadership a = new Leadership(database, new InstanceId("coordinator-a"), schema, LEASE, RENEW, clockA::get);
        Leadership b = new Leadership(database, new InstanceId("coordinator-b"), schema, LEASE, RENEW, System::nanoTime);

        a.renew();
        b.renew();
        assertThat(a.isLeader()).as("a, first to ask").isTrue();
        assertThat(b.isLeader()).as("b, while a's lease runs").isFalse();
        assertThat(b.leader()).as("the leader b sees").contains("coordinator-a");
        long firstEpoch = a.epoch();
        assertThat(write("coordinator-a")).as("a ledger write of the leader").isEqualTo(1);
        assertThatThrownBy(() -> write("coordinator-b")).as("a ledger write of the standby")
                .isInstanceOf(SQLException.class).satisfies(e -> assertThat(Fenced.isCause(e)).isTrue())
                .hasMessageContaining("coordinator-b does not hold the leadership lease");

        // a is paused: its monotonic clock moves on without a renewal; it stops acting before its lease expires
        clockA.addAndGet(LEASE.minus(RENEW).toNanos() + 1);
        assertThat(a.isLeader()).as("a, paused past lease-duration minus renew-interval").isFalse();

        // b takes over only once the lease has expired in the database
        b.renew();
        assertThat(b.isLeader()).as("b before the lease expired").isFalse();
        Thread.sleep(LEASE.toMillis() + 200);
        b.renew();
        assertThat(b.isLeader()).as("b after the lease expired").isTrue();
        assertThat(b.epoch()).as("b's epoch").isEqualTo(firstEpoch + 1);

        // a wakes up: its writes are refused, and its renewal finds the lease taken
        assertThatThrownBy(() -> write("coordinator-a")).as("a ledger write of the former leader")
                .satisfies(e -> assertThat(Fenced.isCause(e)).isTrue());
        clockA.set(System.nanoTime());
        a.renew();
        assertThat(a.isLeader()).as("a after waking").isFalse();
        assertThat(a.leader()).as("the leader a sees").contains("coordinator-b");
        assertThat(write("coordinator-b")).as("a ledger write of the new leader").isEqualTo(1);
        assertThat(write(null)).as("an operator's write (no coordinator id)").isEqualTo(1);
    }

    /** Inserts a table state and updates it (updates are fenced) from a connection marked as {@code holder}. */
    private int write(String holder) throws SQLException {
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            if (holder != null) {
                sql.execute("SELECT set_config('floe.holder', '" + holder + "', false)");
            }
            sql.executeUpdate("INSERT INTO table_states (table_id, updated_at) VALUES ('t', now())"
                    + " ON CONFLICT DO NOTHING");
            return sql.executeUpdate("UPDATE table_states SET consecutive_failures = consecutive_failures + 1"
                    + " WHERE table_id = 't'");
        }
    }
}
