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

/**
 * The record of warm partitions dropped by warm retention, in the verdict store's schema (table {@code warm_drops},
 * migration {@code V2__warm_drops.sql}): a drop is recorded {@code DROPPING} before ClickHouse is told to drop the
 * partition and {@code DROPPED} after, so that a crash in between leaves a row that says what to finish. Plain JDBC,
 * like {@link VerdictStore}, with the schema named in every statement.
 */
public final class WarmDrops {

    private static final String COLUMNS = "table_id, partition_label, warm_partition_id, state, warm_rows,"
            + " warm_checksum, cold_snapshot_id, audited_at, run_id, command_id, started_at, dropped_at";

    private final DataSource dataSource;
    private final String table;

    /** @param store the verdict store whose schema holds the record */
    public WarmDrops(DataSource dataSource, VerdictStore store) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = store.schema() + ".warm_drops";
    }

    /**
     * Records {@code drop} as it is now, replacing what was recorded for its table and partition (a partition can be
     * dropped again after late rows made ClickHouse create it anew).
     *
     * @throws VerdictStoreException when the database refuses; nothing is recorded then
     */
    public void record(WarmDrop drop) {
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (table_id, partition_label) DO UPDATE SET"
                + " warm_partition_id = EXCLUDED.warm_partition_id, state = EXCLUDED.state,"
                + " warm_rows = EXCLUDED.warm_rows, warm_checksum = EXCLUDED.warm_checksum,"
                + " cold_snapshot_id = EXCLUDED.cold_snapshot_id, audited_at = EXCLUDED.audited_at,"
                + " run_id = EXCLUDED.run_id, command_id = EXCLUDED.command_id, started_at = EXCLUDED.started_at,"
                + " dropped_at = EXCLUDED.dropped_at";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, drop.tableId());
            s.setString(2, drop.partition());
            s.setString(3, drop.warmPartitionId());
            s.setString(4, drop.state().name());
            s.setLong(5, drop.rows());
            s.setString(6, drop.checksum());
            s.setLong(7, drop.coldSnapshotId());
            setTime(s, 8, Optional.of(drop.auditedAt()));
            s.setString(9, drop.runId());
            s.setString(10, drop.commandId());
            setTime(s, 11, Optional.of(drop.startedAt()));
            setTime(s, 12, drop.droppedAt());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new VerdictStoreException("cannot record the " + drop.state() + " of " + drop.tableId() + " "
                    + drop.partition() + " in " + table + ": " + e.getMessage(), e);
        }
    }

    /** What is recorded for {@code partition} of {@code tableId}; empty when it was never dropped. */
    public Optional<WarmDrop> find(String tableId, String partition) {
        return query("SELECT " + COLUMNS + " FROM " + table + " WHERE table_id = ? AND partition_label = ?",
                "the drop of " + tableId + " " + partition, tableId, partition).stream().findFirst();
    }

    /** The drops of {@code tableId} still {@code DROPPING}: begun, not known to be done. By partition label. */
    public List<WarmDrop> unfinished(String tableId) {
        return query("SELECT " + COLUMNS + " FROM " + table + " WHERE table_id = ? AND state = 'DROPPING'"
                + " ORDER BY partition_label", "the unfinished drops of " + tableId, tableId);
    }

    private List<WarmDrop> query(String sql, String what, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, Objects.requireNonNull(parameters[i]));
            }
            List<WarmDrop> found = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    found.add(new WarmDrop(r.getString("table_id"), r.getString("partition_label"),
                            r.getString("warm_partition_id"), WarmDrop.State.valueOf(r.getString("state")),
                            r.getLong("warm_rows"), r.getString("warm_checksum"), r.getLong("cold_snapshot_id"),
                            time(r, "audited_at").orElseThrow(), r.getString("run_id"), r.getString("command_id"),
                            time(r, "started_at").orElseThrow(), time(r, "dropped_at")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new VerdictStoreException("cannot read " + what + " from " + table + ": " + e.getMessage(), e);
        }
    }

    private static void setTime(PreparedStatement s, int index, Optional<Instant> time) throws SQLException {
        if (time.isPresent()) {
            s.setObject(index, time.get().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Optional<Instant> time(ResultSet r, String column) throws SQLException {
        return Optional.ofNullable(r.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    @Override
    public String toString() {
        return "warm drops in " + table;
    }
}
