package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.alerts.TableWatch;
import io.k2.floe.coordinator.leadership.Leadership;
import io.k2.floe.coordinator.ledger.RunKind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The clock of the coordinator: starts scheduled runs by {@code floe.coordinator.schedule} (cron, or {@code off}),
 * and every {@code floe.coordinator.tick} sends what is due (retries, timeouts), ends finished runs and checks the
 * lag and staleness alerts. Both survive an unreachable database or broker: the next tick tries again. Only the leading
 * coordinator does any of it ({@link Leadership}); a standby's clock ticks idle until it takes over, and its first
 * tick as leader reads every marker from Iceberg and sends again what its predecessor left in flight.
 */
@ApplicationScoped
public class RunSchedule {

    private static final Logger LOG = Logger.getLogger(RunSchedule.class);

    private final RunEngine engine;
    private final TableWatch watch;
    private final Leadership leadership;
    /** The leadership epoch this coordinator last took over in (markers reconciled, in-flight commands re-sent). */
    private volatile long settledEpoch;

    public RunSchedule(RunEngine engine, TableWatch watch, Leadership leadership) {
        this.engine = engine;
        this.watch = watch;
        this.leadership = leadership;
    }

    @Scheduled(identity = "floe-run-schedule", cron = "${floe.coordinator.schedule:0 0/15 * * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!leadership.isLeader()) {
            LOG.debug("the scheduled run is the leader's to start; this coordinator stands by");
            return;
        }
        try {
            engine.startCycle(RunKind.SCHEDULED);
        } catch (RuntimeException e) {
            LOG.errorf("the scheduled run could not start: %s", e.getMessage());
        }
    }

    @Scheduled(identity = "floe-tick", every = "${floe.coordinator.tick:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            long epoch = leadership.epoch();
            if (settledEpoch != epoch) {
                engine.reconcileAll();
                int resent = engine.resendInFlight();
                if (resent > 0) {
                    LOG.infof("took over with %d commands in flight: sent again (same command ids)", resent);
                }
                settledEpoch = epoch;
            }
            engine.advance();
        } catch (RuntimeException e) {
            LOG.warnf("coordinator tick failed, trying again at the next: %s", e.getMessage());
        }
    }

    @Scheduled(identity = "floe-table-watch", every = "${floe.coordinator.watch-interval:15s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            watch.check();
        } catch (RuntimeException e) {
            LOG.warnf("checking the tables' lag failed, trying again later: %s", e.getMessage());
        }
    }
}
