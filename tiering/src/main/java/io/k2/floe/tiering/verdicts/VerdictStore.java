package io.k2.floe.tiering.verdicts;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit verdicts in PostgreSQL (schema: the Flyway migrations under {@value #MIGRATIONS}): the latest verdict
 * per table and partition, and the history of every verdict recorded. Plain JDBC on a {@link DataSource}, so that
 * any service can read it without an ORM; the schema is named explicitly in every statement rather than relying on
 * the connection's search path, which the data source may share with other uses.
 */
public final class VerdictStore {

    /** Where the schema's Flyway migrations are, on the class path (e.g. {@code quarkus.flyway.locations}). */
    public static final String MIGRATIONS = "db/verdicts";

    // Unquoted PostgreSQL identifiers fold to lower case; Flyway quotes the schema it creates, so only names that
    // read the same either way are accepted.
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final String COLUMNS = "table_id, partition_label, equal, cold_snapshot_id, marker_upper, warm_rows,"
            + " cold_rows, warm_checksum, cold_checksum, warm_min_time, warm_max_time, cold_min_time, cold_max_time,"
            + " run_id, command_id, audited_at";
    private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final DataSource dataSource;
    private final String schema;
    private final String latestTable;
    private final String historyTable;

    /**
     * @param schema the schema the migrations ran in: lower-case letters, digits and underscores, at most 63
     * @throws IllegalArgumentException when the schema name is not such an identifier
     */
    public VerdictStore(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("verdict schema '" + schema + "' is not a plain SQL identifier"
                    + " (lower-case letters, digits and underscores, not starting with a digit, at most 63)");
        }
        this.schema = schema;
        this.latestTable = schema + ".partition_verdicts";
        this.historyTable = schema + ".verdict_history";
    }

    /** The schema the verdicts are in. */
    public String schema() {
        return schema;
    }

    /**
     * Records {@code verdicts} in one transaction: each is appended to the history, and becomes the latest of its
     * table and partition unless the latest recorded there was audited later (an audit answered late does not
     * overwrite a newer verdict; of two audited at the same instant the one recorded last wins).
     *
     * @return how many of the verdicts became the latest of their partition
     * @throws VerdictStoreException when the database refuses; nothing is recorded then
     */
    public int record(List<RecordedVerdict> verdicts) {
        Objects.requireNonNull(verdicts, "verdicts");
        if (verdicts.isEmpty()) {
            return 0;
        }
        String upsert = "INSERT INTO " + latestTable + " (" + COLUMNS + ") VALUES (" + VALUES + ")"
                + " ON CONFLICT (table_id, partition_label) DO UPDATE SET"
                + " equal = EXCLUDED.equal, cold_snapshot_id = EXCLUDED.cold_snapshot_id,"
                + " marker_upper = EXCLUDED.marker_upper, warm_rows = EXCLUDED.warm_rows,"
                + " cold_rows = EXCLUDED.cold_rows, warm_checksum = EXCLUDED.warm_checksum,"
                + " cold_checksum = EXCLUDED.cold_checksum, warm_min_time = EXCLUDED.warm_min_time,"
                + " warm_max_time = EXCLUDED.warm_max_time, cold_min_time = EXCLUDED.cold_min_time,"
                + " cold_max_time = EXCLUDED.cold_max_time, run_id = EXCLUDED.run_id,"
                + " command_id = EXCLUDED.command_id, audited_at = EXCLUDED.audited_at"
                + " WHERE " + latestTable + ".audited_at <= EXCLUDED.audited_at";
        String append = "INSERT INTO " + historyTable + " (" + COLUMNS + ") VALUES (" + VALUES + ")";
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement latest = connection.prepareStatement(upsert);
                 PreparedStatement history = connection.prepareStatement(append)) {
                int became = 0;
                for (RecordedVerdict verdict : verdicts) {
                    bind(latest, Objects.requireNonNull(verdict, "verdict"));
                    became += latest.executeUpdate();
                    bind(history, verdict);
                    history.addBatch();
                }
                history.executeBatch();
                connection.commit();
                connection.setAutoCommit(autoCommit);
                return became;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, autoCommit, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new VerdictStoreException("cannot record " + verdicts.size() + " verdict(s) in " + latestTable
                    + " and " + historyTable + ": " + e.getMessage(), e);
        }
    }

    /** The latest verdict on {@code partition} of {@code tableId}; empty when none was recorded. */
    public Optional<RecordedVerdict> latest(String tableId, String partition) {
        String sql = "SELECT " + COLUMNS + " FROM " + latestTable + " WHERE table_id = ? AND partition_label = ?";
        List<RecordedVerdict> found = query(sql, latestTable, "the latest verdict on " + tableId + " " + partition,
                Objects.requireNonNull(tableId, "tableId"), Objects.requireNonNull(partition, "partition"));
        return found.stream().findFirst();
    }

    /** The latest verdict on each partition of {@code tableId} that has one, ordered by partition label. */
    public List<RecordedVerdict> latest(String tableId) {
        String sql = "SELECT " + COLUMNS + " FROM " + latestTable + " WHERE table_id = ? ORDER BY partition_label";
        return query(sql, latestTable, "the latest verdicts on " + tableId, Objects.requireNonNull(tableId, "tableId"));
    }

    /** Every verdict recorded on {@code partition} of {@code tableId}, most recently audited first. */
    public List<RecordedVerdict> history(String tableId, String partition) {
        String sql = "SELECT " + COLUMNS + " FROM " + historyTable + " WHERE table_id = ? AND partition_label = ?"
                + " ORDER BY audited_at DESC, verdict_id DESC";
        return query(sql, historyTable, "the verdict history of " + tableId + " " + partition,
                Objects.requireNonNull(tableId, "tableId"), Objects.requireNonNull(partition, "partition"));
    }

    private List<RecordedVerdict> query(String sql, String table, String what, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<RecordedVerdict> verdicts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    verdicts.add(read(rows));
                }
            }
            return verdicts;
        } catch (SQLException e) {
            throw new VerdictStoreException("cannot read " + what + " from " + table + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, RecordedVerdict v) throws SQLException {
        s.setString(1, v.tableId());
        s.setString(2, v.partition());
        s.setBoolean(3, v.equal());
        s.setLong(4, v.coldSnapshotId());
        setTime(s, 5, Optional.of(v.markerUpper()));
        s.setLong(6, v.warmRows());
        s.setLong(7, v.coldRows());
        s.setString(8, v.warmChecksum().orElse(null));
        s.setString(9, v.coldChecksum().orElse(null));
        setTime(s, 10, v.warmMinTime());
        setTime(s, 11, v.warmMaxTime());
        setTime(s, 12, v.coldMinTime());
        setTime(s, 13, v.coldMaxTime());
        s.setString(14, v.runId());
        s.setString(15, v.commandId());
        setTime(s, 16, Optional.of(v.auditedAt()));
    }

    private static void setTime(PreparedStatement s, int index, Optional<Instant> time) throws SQLException {
        if (time.isPresent()) {
            s.setObject(index, time.get().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static RecordedVerdict read(ResultSet r) throws SQLException {
        return new RecordedVerdict(
                r.getString("table_id"),
                r.getString("partition_label"),
                r.getBoolean("equal"),
                r.getLong("cold_snapshot_id"),
                time(r, "marker_upper").orElseThrow(),
                r.getLong("warm_rows"),
                r.getLong("cold_rows"),
                Optional.ofNullable(r.getString("warm_checksum")),
                Optional.ofNullable(r.getString("cold_checksum")),
                time(r, "warm_min_time"),
                time(r, "warm_max_time"),
                time(r, "cold_min_time"),
                time(r, "cold_max_time"),
                r.getString("run_id"),
                r.getString("command_id"),
                time(r, "audited_at").orElseThrow());
    }

    private static Optional<Instant> time(ResultSet r, String column) throws SQLException {
        return Optional.ofNullable(r.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** Undoes a failed transaction, best effort: the connection may be what failed. */
    private static void rollback(Connection connection, boolean autoCommit, Exception cause) {
        try {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "verdict store in schema " + schema;
    }
}
