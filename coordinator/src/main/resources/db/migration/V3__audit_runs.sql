-- Audit runs (POST /api/tables/{table}/audit): a run of kind AUDIT holds one audit task. runs.kind is a plain
-- VARCHAR(16) without a check constraint, so the new kind needs no change of its own.
-- runs: what the operator asked to audit, and how the run ended (the audit's verdict).
ALTER TABLE runs ADD COLUMN partitions TEXT;          -- AUDIT: partition labels, comma-separated (range_from/range_to
                                                      -- then hold an event-time range instead, when one was asked for)
ALTER TABLE runs ADD COLUMN cold_snapshot BIGINT;     -- AUDIT: the cold snapshot asked for (null: the current one)
ALTER TABLE runs ADD COLUMN note TEXT;                -- AUDIT: the verdict once the run ended
-- tasks: an audit of an event-time range [range_from, range_to) of the table's time column
ALTER TABLE tasks ADD COLUMN range_from TIMESTAMPTZ;
ALTER TABLE tasks ADD COLUMN range_to TIMESTAMPTZ;
