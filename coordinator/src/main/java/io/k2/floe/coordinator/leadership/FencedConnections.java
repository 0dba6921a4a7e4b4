package io.k2.floe.coordinator.leadership;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Marks every ledger connection of this coordinator with its instance id (session setting {@code floe.holder}), which
 * the ledger's fence trigger (migration V5) checks against the leadership lease on every write to runs, tasks, table
 * states, alerts and seen verdicts: only the lease holder's writes go through. Quarkus applies a bean of this type to
 * the default datasource.
 */
@ApplicationScoped
public class FencedConnections implements AgroalPoolInterceptor {

    private final InstanceId instance;

    public FencedConnections(InstanceId instance) {
        this.instance = instance;
    }

    @Override
    public void onConnectionCreate(Connection connection) {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('floe.holder', ?, false)")) {
            set.setString(1, instance.value());
            set.execute();
            if (!connection.getAutoCommit()) {
                connection.commit(); // a session setting made in a transaction is undone by its rollback
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark a ledger connection with this coordinator's id", e);
        }
    }
}
