package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.testing.LocalColdTier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.k2.floe.tiering.verdicts.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verdict store on the local stack's PostgreSQL, in a schema of this test's own that Flyway creates from the
 * migrations in {@value VerdictStore#MIGRATIONS} (as the auditor will at start) and that is dropped afterwards.
 */
class VerdictStoreIT {

    private static final Instant T1 = Instant.parse("2026-03-02T07:00:00Z");

    private PGSimpleDataSource dataSource;
    private String schema;
    private VerdictStore store;

    @BeforeEach
    void migrate() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(LocalColdTier.env("FLOE_JDBC_URL"));
        dataSource.setUser(LocalColdTier.env("FLOE_PG_USER"));
        dataSource.setPassword(System.getenv("FLOE_PG_PASSWORD"));
        schema = "verdicts_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(VerdictStore.MIGRATIONS)
                .load()
                .migrate();
        assertThat(result.migrationsExecuted).as("partition_verdicts, warm_drops").isEqualTo(2);
        store = new VerdictStore(dataSource, schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void verdictsReadBackAsRecordedLatestPerPartitionInLabelOrder() {
        RecordedVerdict day2 = verdict("bronze_trades", "2026-03-02", true, 11L, T1);
        RecordedVerdict day1 = verdict("bronze_trades", "2026-03-01", false, 11L, T1);
        RecordedVerdict other = verdict("silver_bars", "2026-03-01", true, 12L, T1);
        RecordedVerdict sparse = new RecordedVerdict("gold_bars", "2026-03", true, 13L, Verdicts.MARKER, 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "run-13", "audit-13", T1);

        assertThat(store.record(List.of(day2, day1, other, sparse))).isEqualTo(4);

        assertThat(store.latest("bronze_trades", "2026-03-01")).contains(day1);
        assertThat(store.latest("bronze_trades", "2026-03-02")).contains(day2);
        assertThat(store.latest("bronze_trades")).containsExactly(day1, day2);
        assertThat(store.latest("silver_bars")).containsExactly(other);
        assertThat(store.latest("gold_bars", "2026-03")).contains(sparse);
        assertThat(store.latest("bronze_trades", "2026-03-03")).isEmpty();
        assertThat(store.latest("no_such_table")).isEmpty();
        assertThat(store.record(List.of())).isZero();
    }

    @Test
    void aNewerVerdictReplacesTheLatestAnOlderOneOnlyJoinsTheHistory() {
        RecordedVerdict mismatch = verdict("bronze_trades", "2026-03-01", false, 20L, T1);
        RecordedVerdict equal = verdict("bronze_trades", "2026-03-01", true, 21L, T1.plusSeconds(900));
        RecordedVerdict late = verdict("bronze_trades", "2026-03-01", false, 19L, T1.minusSeconds(900));
        RecordedVerdict sameInstant = verdict("bronze_trades", "2026-03-01", true, 22L, T1.plusSeconds(900));

        assertThat(store.record(List.of(mismatch))).isEqualTo(1);
        assertThat(store.record(List.of(equal))).isEqualTo(1);
        assertThat(store.latest("bronze_trades", "2026-03-01")).contains(equal);

        assertThat(store.record(List.of(late))).isZero();
        assertThat(store.latest("bronze_trades", "2026-03-01")).contains(equal);

        assertThat(store.record(List.of(sameInstant))).isEqualTo(1);
        assertThat(store.latest("bronze_trades", "2026-03-01")).contains(sameInstant);
        assertThat(store.latest("bronze_trades")).containsExactly(sameInstant);

        assertThat(store.history("bronze_trades", "2026-03-01")).containsExactly(sameInstant, equal, mismatch, late);
    }

    @Test
    void aFailedRecordLeavesNothingBehind() throws SQLException {
        RecordedVerdict first = verdict("bronze_trades", "2026-03-01", true, 30L, T1);
        store.record(List.of(first));
        sql("DROP TABLE " + schema + ".verdict_history");

        RecordedVerdict newer = verdict("bronze_trades", "2026-03-01", false, 31L, T1.plusSeconds(60));
        RecordedVerdict another = verdict("bronze_trades", "2026-03-02", true, 31L, T1.plusSeconds(60));
        assertThatThrownBy(() -> store.record(List.of(newer, another)))
                .isInstanceOf(VerdictStoreException.class)
                .hasMessageStartingWith("cannot record 2 verdict(s) in " + schema + ".partition_verdicts and "
                        + schema + ".verdict_history: ")
                .hasMessageContaining("verdict_history");

        assertThat(store.latest("bronze_trades")).containsExactly(first);
    }

    @Test
    void aStoreOnAMissingSchemaFailsNamingTheTable() {
        VerdictStore missing = new VerdictStore(dataSource, schema + "_missing");
        assertThatThrownBy(() -> missing.latest("bronze_trades"))
                .isInstanceOf(VerdictStoreException.class)
                .hasMessageStartingWith("cannot read the latest verdicts on bronze_trades from " + schema
                        + "_missing.partition_verdicts: ");
    }

    @Test
    void migratingAgainChangesNothing() {
        store.record(List.of(verdict("bronze_trades", "2026-03-01", true, 40L, T1)));
        MigrateResult again = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations(VerdictStore.MIGRATIONS).load().migrate();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(store.latest("bronze_trades")).hasSize(1);
    }
}
