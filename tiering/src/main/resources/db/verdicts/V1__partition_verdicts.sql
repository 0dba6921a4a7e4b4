-- Audit verdicts (issue 5, SPEC R-AUDIT / R-RETENTION): the latest verdict per table and partition, which the
-- warm-retention step relies on, and every verdict ever recorded, for the record. Written by the auditor through
-- io.k2.floe.tiering.verdicts.VerdictStore; no schema is named here: Flyway's schemas / default-schema setting
-- creates the schema and puts it on the search path while migrating (as the coordinator does for its ledger).
-- Instants are TIMESTAMPTZ (microseconds, UTC); checksums are text, as in the audit-completed event.

CREATE TABLE partition_verdicts (
    table_id         VARCHAR(128) NOT NULL,
    partition_label  VARCHAR(64)  NOT NULL,
    equal            BOOLEAN      NOT NULL,
    cold_snapshot_id BIGINT       NOT NULL,              -- the Iceberg snapshot audited
    marker_upper     TIMESTAMPTZ  NOT NULL,              -- the marker the comparison was bounded by
    warm_rows        BIGINT       NOT NULL CHECK (warm_rows >= 0),
    cold_rows        BIGINT       NOT NULL CHECK (cold_rows >= 0),
    warm_checksum    TEXT,
    cold_checksum    TEXT,
    warm_min_time    TIMESTAMPTZ,
    warm_max_time    TIMESTAMPTZ,
    cold_min_time    TIMESTAMPTZ,
    cold_max_time    TIMESTAMPTZ,
    run_id           VARCHAR(200) NOT NULL,
    command_id       VARCHAR(200) NOT NULL,
    audited_at       TIMESTAMPTZ  NOT NULL,              -- a row is only replaced by a verdict audited no earlier
    PRIMARY KEY (table_id, partition_label)
);

CREATE TABLE verdict_history (
    verdict_id       BIGSERIAL    PRIMARY KEY,
    table_id         VARCHAR(128) NOT NULL,
    partition_label  VARCHAR(64)  NOT NULL,
    equal            BOOLEAN      NOT NULL,
    cold_snapshot_id BIGINT       NOT NULL,
    marker_upper     TIMESTAMPTZ  NOT NULL,
    warm_rows        BIGINT       NOT NULL CHECK (warm_rows >= 0),
    cold_rows        BIGINT       NOT NULL CHECK (cold_rows >= 0),
    warm_checksum    TEXT,
    cold_checksum    TEXT,
    warm_min_time    TIMESTAMPTZ,
    warm_max_time    TIMESTAMPTZ,
    cold_min_time    TIMESTAMPTZ,
    cold_max_time    TIMESTAMPTZ,
    run_id           VARCHAR(200) NOT NULL,
    command_id       VARCHAR(200) NOT NULL,
    audited_at       TIMESTAMPTZ  NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX verdict_history_partition ON verdict_history (table_id, partition_label, audited_at DESC);
