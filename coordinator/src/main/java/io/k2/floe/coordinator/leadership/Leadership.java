package io.k2.floe.coordinator.leadership;

import javax.sql.DataSource;
import io.k2.floe.coordinator.CoordinatorConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether this coordinator leads. Several coordinators may run on one ledger (production runs two); the one holding
 * the lease row {@code coordinator_lease} leads: it schedules runs, applies the workers' events and sends commands,
 * the others stand by. Every {@code renew-interval} the leader extends its lease and a standby tries to take an
 * expired one over (the next epoch). All times are PostgreSQL's {@code clock_timestamp()}, so coordinators' own
 * clocks never decide who holds it.
 * <p>
 * Two guards keep a former leader from acting: {@link #isLeader()} turns false on its own once no renewal has
 * succeeded for {@code lease-duration - renew-interval} (measured on this process's monotonic clock, which keeps
 * running while the process is stopped), before any standby may take over; and the ledger itself refuses writes from
 * a coordinator that does not hold an unexpired lease ({@link FencedConnections}, the trigger of migration V5), so
 * even a leader that wakes from a pause in the middle of its work cannot change the ledger after a take-over.
 */
@ApplicationScoped
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);
    static final String LEASE = "coordinator";

    private final DataSource dataSource;
    /** {@code "schema".coordinator_lease}: the ledger's connections have no search_path of their own. */
    private final String leaseTable;
    private final InstanceId instance;
    private final Duration lease;
    private final Duration renewInterval;
    private final LongSupplier nanoTime;

    private final Object renewal = new Object();
    private volatile long epoch;
    private volatile long validUntilNanos;
    private volatile boolean leading;
    private volatile String knownLeader;
    private boolean failing;

    @Inject
    public Leadership(DataSource dataSource, InstanceId instance, CoordinatorConfig config, MeterRegistry registry,
                      @ConfigProperty(name = "quarkus.flyway.default-schema", defaultValue = "floe_ledger") String schema) {
        this(dataSource, instance, schema, config.leadership().leaseDuration(), config.leadership().renewInterval(),
                System::nanoTime);
        Gauge.builder("floe.coordinator.leader", this, l -> l.isLeader() ? 1 : 0)
                .description("1 while this coordinator leads (holds the lease), 0 while it stands by")
                .register(registry);
    }

    Leadership(DataSource dataSource, InstanceId instance, String schema, Duration lease, Duration renewInterval,
               LongSupplier nanoTime) {
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("the ledger schema must be a plain identifier, was '" + schema + "'");
        }
        this.leaseTable = "\"" + schema + "\".coordinator_lease";
        if (lease.compareTo(renewInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("floe.coordinator.leadership.lease-duration (" + lease
                    + ") must be at least twice floe.coordinator.leadership.renew-interval (" + renewInterval + ")");
        }
        this.dataSource = dataSource;
        this.instance = instance;
        this.lease = lease;
        this.renewInterval = renewInterval;
        this.nanoTime = nanoTime;
    }

    /** The first attempt at start-up, so that a lone coordinator leads from its first tick. */
    void onStart(@Observes StartupEvent start) {
        renew();
    }

    /**
     * Hands the lease back on an orderly stop (a rolling update, SIGTERM), so that the standby takes over at its next
     * renewal instead of waiting for the lease to expire.
     */
    void onStop(@Observes ShutdownEvent stop) {
        synchronized (renewal) {
            boolean wasLeading = leading;
            lose("this coordinator is stopping");
            if (!wasLeading) {
                return;
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement release = connection.prepareStatement("UPDATE " + leaseTable + " SET holder = NULL, "
                         + "expires_at = clock_timestamp() WHERE name = ? AND holder = ? AND epoch = ?")) {
                release.setString(1, LEASE);
                release.setString(2, instance.value());
                release.setLong(3, epoch);
                if (release.executeUpdate() == 1) {
                    LOG.infof("coordinator %s handed the leadership back (epoch %d)", instance.value(), epoch);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("could not hand the leadership back (the lease expires by itself): %s", e.getMessage());
            }
        }
    }

    @Scheduled(identity = "floe-leadership", every = "${floe.coordinator.leadership.renew-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        synchronized (renewal) {
            long started = nanoTime.getAsLong();
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                Optional<Long> held = leading ? extend(connection) : Optional.empty();
                if (held.isEmpty()) {
                    held = takeOver(connection);
                }
                failing = false;
                if (held.isPresent()) {
                    // Valid from when the renewal was sent, not when it returned: the lease may have started then.
                    validUntilNanos = started + lease.minus(renewInterval).toNanos();
                    if (!leading || epoch != held.get()) {
                        epoch = held.get();
                        leading = true;
                        knownLeader = instance.value();
                        LOG.infof("coordinator %s leads (epoch %d)", instance.value(), epoch);
                    }
                } else {
                    knownLeader = holder(connection).orElse(null);
                    lose("the lease is held by " + (knownLeader == null ? "nobody yet" : knownLeader));
                }
            } catch (SQLException | RuntimeException e) {
                // Cannot reach the ledger: a standby stays one; a leader goes on until its lease would have expired.
                if (leading && !isLeader()) {
                    lose("its lease could not be renewed: " + e.getMessage());
                } else if (!failing) {
                    LOG.warnf("cannot reach the leadership lease, trying again every %s: %s", renewInterval,
                            e.getMessage());
                }
                failing = true;
                return;
            }
        }
    }

    /** True while this coordinator holds the lease and it has certainly not expired. */
    public boolean isLeader() {
        return leading && nanoTime.getAsLong() - validUntilNanos < 0;
    }

    /** The epoch of the current leadership (0 before this coordinator first led). */
    public long epoch() {
        return epoch;
    }

    public String instanceId() {
        return instance.value();
    }

    /** The instance id of the leader as last seen, if any. */
    public Optional<String> leader() {
        return isLeader() ? Optional.of(instance.value()) : Optional.ofNullable(knownLeader);
    }

    private Optional<Long> extend(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + leaseTable + " SET "
                + "renewed_at = clock_timestamp(), expires_at = clock_timestamp() + ?::interval "
                + "WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > clock_timestamp() RETURNING epoch")) {
            update.setString(1, lease.toMillis() + " milliseconds");
            update.setString(2, LEASE);
            update.setString(3, instance.value());
            update.setLong(4, epoch);
            return single(update);
        }
    }

    private Optional<Long> takeOver(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + leaseTable + " SET holder = ?, "
                + "epoch = epoch + 1, acquired_at = clock_timestamp(), renewed_at = clock_timestamp(), "
                + "expires_at = clock_timestamp() + ?::interval "
                + "WHERE name = ? AND (holder IS NULL OR expires_at <= clock_timestamp()) RETURNING epoch")) {
            update.setString(1, instance.value());
            update.setString(2, lease.toMillis() + " milliseconds");
            update.setString(3, LEASE);
            return single(update);
        }
    }

    private Optional<String> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT holder FROM " + leaseTable + " WHERE name = ? AND expires_at > clock_timestamp()")) {
            query.setString(1, LEASE);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Long> single(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
    }

    private void lose(String why) {
        if (leading) {
            leading = false;
            LOG.warnf("coordinator %s no longer leads (epoch %d): %s", instance.value(), epoch, why);
        }
    }
}
