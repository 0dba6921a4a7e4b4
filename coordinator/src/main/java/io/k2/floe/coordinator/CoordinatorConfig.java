package io.k2.floe.coordinator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the coordinator itself (prefix {@code floe.coordinator}); connections are in tiering's mappings.
 * Every property can be set from the environment: {@code floe.coordinator.settle-lag} is
 * {@code FLOE_COORDINATOR_SETTLE_LAG}.
 */
@ConfigMapping(prefix = "floe.coordinator")
public interface CoordinatorConfig {

    /**
     * Name this coordinator gives itself in what it publishes (CloudEvents {@code source}, dead-letter
     * headers). Default: {@code /floe/coordinator}.
     */
    @WithDefault("/floe/coordinator")
    String eventSource();

    /**
     * When scheduled runs start: a Quartz-style cron expression with seconds (default {@code 0 0/15 * * * ?}, every
     * 15 minutes on the quarter hour), or {@code off} for no schedule (runs then start only through the API).
     */
    @WithDefault("0 0/15 * * * ?")
    String schedule();

    /**
     * How far behind now a run's upper bound stays, so that every row with an ordering value up to it is in the warm
     * tier before the window is read (inserts still in flight get later values). Default 30s.
     */
    @WithDefault("30s")
    Duration settleLag();

    /**
     * The widest window one command carries; a table further behind (first run, long pause, backfill) gets
     * consecutive windows within the run. At most the workers' {@code floe.messages.max-window} (31 days). Default 7d.
     */
    @WithDefault("7d")
    Duration maxWindow();

    /** Attempts per task, the first included, before it fails for good. Default 5. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second attempt; doubled for each further attempt. Default 5s. */
    @WithDefault("5s")
    Duration retryBackoff();

    /** Longest wait between attempts. Default 5m. */
    @WithDefault("5m")
    Duration retryBackoffMax();

    /**
     * How long a sent command may stay unanswered before it is sent again (same command id, next attempt). The
     * timeouts are ordered so that each layer gives up before the one above it: a ClickHouse query is stopped by the
     * server after 15 min ({@code floe.clickhouse.max-execution-time}), so a window's task ends well within these
     * 20 min; the workers answer commands older than 20 min {@code STALE_COMMAND} ({@code floe.commands.max-age},
     * to be kept equal to this), since by then this attempt has been re-sent; and the workers' Kafka
     * {@code max.poll.interval.ms} (30 min) is longer than all of it, so a worker busy with a task is never taken for
     * dead. Default 20m.
     */
    @WithDefault("20m")
    Duration taskTimeout();

    /** How often the coordinator looks for due retries, timeouts and alert conditions. Default 2s. */
    @WithDefault("2s")
    Duration tick();

    /** How often the lag and staleness alerts and the marker gauges are refreshed from the ledger. Default 15s. */
    @WithDefault("15s")
    Duration watchInterval();

    /**
     * How long a table's count of warm rows up to its marker ({@code GET /api/tables?counts=true}) is reused before
     * it is counted again; a moved marker is counted at once. Each count scans the table's warm rows, so this bounds
     * what polling the API costs ClickHouse: at most one count per table per marker and max age. Default 10m.
     */
    @WithDefault("10m")
    Duration warmCountMaxAge();

    /** Audit the partitions each run wrote once the table's offload completed. Default true. */
    @WithDefault("true")
    boolean auditAfterOffload();

    /** Alert thresholds. */
    Alerts alerts();

    /** What the coordinator does with the auditor's verdicts. */
    Audit audit();

    /** When and how table maintenance runs (docs/maintenance/scheduling.md). */
    Maintenance maintenance();

    /** Where the workers' answers arrive. */
    Events events();

    interface Events {

        /** The event topic the workers answer on ({@code FLOE_EVENT_TOPIC}). Default {@code floe.events}. */
        @WithDefault("floe.events")
        String topic();

        /**
         * The consumer group of the coordinators ({@code FLOE_COORDINATOR_GROUP}); only the leading one is in it.
         * Default {@code floe-coordinator}.
         */
        @WithDefault("floe-coordinator")
        String group();

        /**
         * How soon the broker gives a dead leader's partitions to its successor (Kafka {@code session.timeout.ms};
         * the broker allows 6s to 5m by default). Default 10s.
         */
        @WithDefault("10s")
        Duration sessionTimeout();
    }

    /** Which of several coordinators on one ledger leads (docs/coordinator.md "High availability"). */
    Leadership leadership();

    interface Leadership {

        /**
         * How long the leader's lease lasts from its last renewal: a standby takes over at most this long after the
         * leader died or stalled (SIGSTOP, a GC pause, a partition from PostgreSQL). Shorter means faster take-over
         * but more renewals; it must be several {@link #renewInterval()}s. Default 10s.
         */
        @WithDefault("10s")
        Duration leaseDuration();

        /**
         * How often the leader renews its lease and a standby tries to take it over. The leader stops acting when a
         * renewal has not succeeded for {@code lease-duration} minus this, so that it stops before a standby can
         * start. Default 2s.
         */
        @WithDefault("2s")
        Duration renewInterval();

        /**
         * This coordinator's name in the lease and in readiness (unique among the coordinators of one ledger).
         * Default: the host name, the process id and a random suffix, e.g. {@code floe-coordinator-0-1-3f9a}.
         */
        Optional<String> instanceId();
    }

    interface Maintenance {

        /**
         * {@code per-table} (default): each table's maintenance starts on its policy's {@code schedule} (cron, UTC;
         * daily at 03:30 by default); {@code off}: no scheduled maintenance (it then starts only after offloads that
         * cross a threshold, see {@link #afterOffload}, and through the API).
         */
        @WithDefault("per-table")
        String schedule();

        /**
         * Start a table's maintenance when an offload of it completes and the cold table crosses a threshold of its
         * policy ({@code smallFilesTrigger} small files in a closed partition, {@code snapshotsTrigger} snapshots).
         * Default true.
         */
        @WithDefault("true")
        boolean afterOffload();

        /**
         * How long a maintenance command may stay unanswered before it is sent again: longer than offloads', since
         * compacting a month of gold or listing a large table's files for orphans takes longer than a window. Default
         * 2h.
         */
        @WithDefault("2h")
        Duration taskTimeout();
    }

    /** Which audit mismatches the coordinator repairs by itself. */
    enum AutoRepairMode {
        OFF, GOLD, ALL;

        /** Whether a mismatch of a table of this layer is repaired. */
        public boolean covers(boolean gold) {
            return this == ALL || (this == GOLD && gold);
        }
    }

    interface Audit {

        /**
         * Which mismatched partitions are answered with a repair, as {@code POST /api/tables/{table}/repair} would
         * ({@code FLOE_COORDINATOR_AUDIT_AUTO_REPAIR}: {@code off}, {@code gold} or {@code all}). Default {@code gold}:
         * a gold bar that changes after it went cold (a trade arriving after its bucket closed plus grace) is an
         * expected correction that R-GOLD-FINAL (docs/requirements.md) has repaired by replacing the partition, and the audit is what
         * finds it. A bronze or silver mismatch means something went wrong; a repair rewrites the cold partition from
         * the warm tier, so if the warm side is the one that is wrong (rows lost or altered in ClickHouse) it would
         * copy the damage into the only good copy: by default an operator decides ({@code AuditMismatch} stays
         * raised). {@code all} repairs those too.
         */
        @WithDefault("gold")
        AutoRepairMode autoRepair();
    }

    interface Alerts {

        /** Failed offload attempts of a table in a row that raise {@code OffloadFailing}. Default 3. */
        @WithDefault("3")
        int failuresInARow();

        /** {@code ColdLagHigh} when now minus a table's committed marker exceeds this. Default 30m. */
        @WithDefault("30m")
        Duration coldLag();

        /** {@code MarkerStale} when a table's marker has not moved for this long. Default 1h. */
        @WithDefault("1h")
        Duration markerStale();
    }
}
