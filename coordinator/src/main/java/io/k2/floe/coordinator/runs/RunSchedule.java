package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.alerts.TableWatch;
import io.k2.floe.coordinator.ledger.RunKind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The clock of the coordinator: starts scheduled runs by {@code floe.coordinator.schedule} (cron, or {@code off}),
 * and every {@code floe.coordinator.tick} sends what is due (retries, timeouts), ends finished runs and checks the
 * lag and staleness alerts. Both survive an unreachable database or broker: the next tick tries again.
 */
@ApplicationScoped
public class RunSchedule {

    private static final Logger LOG = Logger.getLogger(RunSchedule.class);

    private final RunEngine engine;
    private final TableWatch watch;
    private volatile boolean reconciledAtStart;

    public RunSchedule(RunEngine engine, TableWatch watch) {
        this.engine = engine;
        this.watch = watch;
    }

    @Scheduled(identity = "floe-run-schedule", cron = "${floe.coordinator.schedule:0 0/15 * * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            engine.startCycle(RunKind.SCHEDULED);
        } catch (RuntimeException e) {
            LOG.errorf("the scheduled run could not start: %s", e.getMessage());
        }
    }

    @Scheduled(identity = "floe-tick", every = "${floe.coordinator.tick:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!reconciledAtStart) {
                engine.reconcileAll();
                reconciledAtStart = true;
            }
            engine.advance();
        } catch (RuntimeException e) {
            LOG.warnf("coordinator tick failed, trying again at the next: %s", e.getMessage());
        }
    }

    @Scheduled(identity = "floe-table-watch", every = "${floe.coordinator.watch-interval:15s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        try {
            watch.check();
        } catch (RuntimeException e) {
            LOG.warnf("checking the tables' lag failed, trying again later: %s", e.getMessage());
        }
    }
}
