-- The coordinator's ledger (SPEC R-LEDGER): runs, their tasks, each table's committed marker and pause state,
-- and alerts. A projection of the cold tier: where a table's marker here disagrees with the newest marker in its
-- Iceberg snapshot summaries, Iceberg wins and this row is corrected (docs/coordinator.md "Markers").
-- The schema is FLOE_LEDGER_SCHEMA (default floe_ledger); Flyway creates it.

CREATE TABLE runs (
    run_id            VARCHAR(200) PRIMARY KEY,
    kind              VARCHAR(16)  NOT NULL,            -- SCHEDULED, MANUAL, BACKFILL, REPAIR
    status            VARCHAR(16)  NOT NULL,            -- RUNNING, SUCCEEDED, FAILED
    cut               TIMESTAMPTZ,                      -- the run's upper bound on the ordering column
    table_id          VARCHAR(200),                     -- BACKFILL / REPAIR: the one table
    range_from        TIMESTAMPTZ,                      -- BACKFILL: requested range
    range_to          TIMESTAMPTZ,
    partition_label   VARCHAR(32),                      -- REPAIR: the cold partition
    started_at        TIMESTAMPTZ  NOT NULL,
    finished_at       TIMESTAMPTZ,
    summary_published BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX runs_started ON runs (started_at DESC);
CREATE INDEX runs_unfinished ON runs (status) WHERE status = 'RUNNING';

CREATE TABLE tasks (
    task_id         BIGSERIAL    PRIMARY KEY,
    run_id          VARCHAR(200) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    table_id        VARCHAR(200) NOT NULL,
    kind            VARCHAR(16)  NOT NULL,              -- OFFLOAD, AUDIT
    offload_kind    VARCHAR(16),                        -- NORMAL, BACKFILL, REPAIR
    seq             INTEGER      NOT NULL,              -- order of this table's tasks within the run
    command_id      VARCHAR(200) NOT NULL UNIQUE,       -- the same on every attempt
    status          VARCHAR(16)  NOT NULL,              -- WAITING, SENT, RETRY_WAIT, SUCCEEDED, FAILED, SKIPPED
    target          TIMESTAMPTZ,                        -- OFFLOAD: where the run wants the marker
    window_lower    TIMESTAMPTZ,                        -- fixed when the command is first sent
    window_upper    TIMESTAMPTZ,
    partition_label VARCHAR(32),                        -- REPAIR
    partitions      TEXT,                               -- AUDIT: labels, comma-separated; OFFLOAD: labels written
    cold_snapshot   BIGINT,                             -- AUDIT: the snapshot to audit; OFFLOAD: the committed one
    attempts        INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL,
    first_sent_at   TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    deadline_at     TIMESTAMPTZ,
    next_attempt_at TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    rows_written    BIGINT       NOT NULL DEFAULT 0,
    bytes_written   BIGINT       NOT NULL DEFAULT 0,
    data_files      INTEGER      NOT NULL DEFAULT 0,
    duration_ms     BIGINT       NOT NULL DEFAULT 0,
    repeat          BOOLEAN      NOT NULL DEFAULT FALSE,
    error_type      VARCHAR(64),
    error_message   TEXT,
    note            TEXT                                -- why a task was skipped or completed without a command
);
CREATE INDEX tasks_run ON tasks (run_id, seq);
CREATE INDEX tasks_open ON tasks (status) WHERE status IN ('WAITING', 'SENT', 'RETRY_WAIT');
CREATE INDEX tasks_table ON tasks (table_id, created_at DESC);

CREATE TABLE table_states (
    table_id             VARCHAR(200) PRIMARY KEY,
    marker_lower         TIMESTAMPTZ,
    marker_upper         TIMESTAMPTZ,                   -- the committed marker (inclusive upper bound)
    marker_command_id    VARCHAR(200),
    marker_run_id        VARCHAR(200),
    marker_snapshot_id   BIGINT,
    marker_advanced_at   TIMESTAMPTZ,                   -- when this coordinator last saw the marker move
    paused               BOOLEAN      NOT NULL DEFAULT FALSE,
    paused_at            TIMESTAMPTZ,
    consecutive_failures INTEGER      NOT NULL DEFAULT 0,
    last_error_type      VARCHAR(64),
    last_run_id          VARCHAR(200),
    updated_at           TIMESTAMPTZ  NOT NULL
);

CREATE TABLE alerts (
    alert_id    VARCHAR(400) PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    severity    VARCHAR(16)  NOT NULL,
    table_id    VARCHAR(200),
    message     TEXT         NOT NULL,
    labels      TEXT         NOT NULL DEFAULT '{}',     -- JSON object of strings
    raised_at   TIMESTAMPTZ  NOT NULL,
    resolved_at TIMESTAMPTZ                             -- null while active
);
