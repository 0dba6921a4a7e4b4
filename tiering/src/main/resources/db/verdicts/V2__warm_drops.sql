-- Warm partitions dropped by warm retention (issue 11, SPEC R-RETENTION), recorded before and after the drop:
-- a row DROPPING is written before ClickHouse's ALTER TABLE ... DROP PARTITION, and becomes DROPPED after it, so that a
-- crash in between leaves a row the next retention command for the table finishes (partition gone: DROPPED) or
-- re-checks. Written by the maintenance worker through io.k2.floe.tiering.verdicts.WarmDrops; it lives beside the
-- verdicts it relies on. The figures are the verdict's, which the warm partition was checked to still hold.

CREATE TABLE warm_drops (
    table_id          VARCHAR(128) NOT NULL,
    partition_label   VARCHAR(64)  NOT NULL,
    warm_partition_id VARCHAR(64)  NOT NULL,              -- ClickHouse's partition id, e.g. 20261120
    state             VARCHAR(16)  NOT NULL CHECK (state IN ('DROPPING', 'DROPPED')),
    warm_rows         BIGINT       NOT NULL CHECK (warm_rows >= 0),
    warm_checksum     TEXT         NOT NULL,
    cold_snapshot_id  BIGINT       NOT NULL,              -- the snapshot of the verdict that allowed the drop
    audited_at        TIMESTAMPTZ  NOT NULL,              -- when that verdict was taken
    run_id            VARCHAR(200) NOT NULL,
    command_id        VARCHAR(200) NOT NULL,
    started_at        TIMESTAMPTZ  NOT NULL,              -- DROPPING written
    dropped_at        TIMESTAMPTZ,                        -- DROPPED written (after the ALTER)
    PRIMARY KEY (table_id, partition_label)
);
