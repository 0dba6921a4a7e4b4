-- Maintenance runs (docs/maintenance/scheduling.md): a run of kind MAINTENANCE holds, per table, one task per step
-- (COMPACT, the audit of what it rewrote, REWRITE_MANIFESTS, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, the audit of the warm
-- partitions past retention, DROP_WARM_PARTITIONS), each created when the one before it ended. runs.kind and
-- tasks.kind are plain VARCHAR(16) without a check constraint, so MAINTENANCE needs no change of its own.
ALTER TABLE runs ADD COLUMN trigger_kind VARCHAR(16);                -- MAINTENANCE: SCHEDULED, MANUAL or THRESHOLD
ALTER TABLE runs ADD COLUMN actions TEXT;                            -- MAINTENANCE: the actions asked for, comma-separated
ALTER TABLE runs ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT FALSE;  -- MAINTENANCE: every step a dry run
-- tasks: a maintenance step and what its worker answered
ALTER TABLE tasks ADD COLUMN step VARCHAR(32);                       -- the maintenance step (null outside maintenance runs)
ALTER TABLE tasks ADD COLUMN action VARCHAR(32);                     -- MAINTENANCE: the command's action
ALTER TABLE tasks ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT FALSE; -- MAINTENANCE: sent (and answered) as a dry run
ALTER TABLE tasks ADD COLUMN results TEXT;                           -- MAINTENANCE: the completed event's counters, JSON
ALTER TABLE tasks ADD COLUMN refused TEXT;                           -- partition -> reason, JSON: what the step left alone
ALTER TABLE tasks ADD COLUMN equal_partitions TEXT;                  -- retention audit: partitions proven equal, comma-separated
CREATE INDEX tasks_open_maintenance ON tasks (table_id) WHERE kind = 'MAINTENANCE'
    AND status IN ('WAITING', 'SENT', 'RETRY_WAIT');

-- The latest audit verdict the coordinator has seen per table and partition (from audit.completed events, its own
-- audits or not): lets retention skip an audit when an equal verdict at the current snapshot is known, and tells
-- whether a gold partition a silver day feeds is verified. The auditor's verdict store stays the proof the
-- maintenance worker re-checks before dropping anything.
CREATE TABLE seen_verdicts (
    table_id        VARCHAR(200) NOT NULL,
    partition_label VARCHAR(64)  NOT NULL,
    equal           BOOLEAN      NOT NULL,
    cold_snapshot   BIGINT,
    audited_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (table_id, partition_label)
);
