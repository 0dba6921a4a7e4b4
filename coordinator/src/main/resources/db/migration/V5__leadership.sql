-- Leadership (docs/coordinator.md "High availability"): any number of coordinators may run on one ledger; exactly one
-- of them leads — schedules runs, applies the workers' events, sends commands — the one holding this lease. The
-- leader renews it every few seconds; when it dies or stalls past expires_at, a standby takes it over with the next
-- epoch. Times are the database's own clock, so coordinators' clocks never disagree about who holds it.
CREATE TABLE coordinator_lease (
    name        VARCHAR(64)  PRIMARY KEY,
    holder      VARCHAR(200),                 -- the leading coordinator's instance id; null when released
    epoch       BIGINT       NOT NULL,        -- increases with every change of holder
    acquired_at TIMESTAMPTZ,
    renewed_at  TIMESTAMPTZ,
    expires_at  TIMESTAMPTZ  NOT NULL
);
INSERT INTO coordinator_lease (name, holder, epoch, expires_at) VALUES ('coordinator', NULL, 0, '-infinity');

-- Data migrations after this one that change fenced tables run in a coordinator's session: they must begin with
-- SELECT set_config('floe.holder', '', true) (unfenced, like an operator's session).
--
-- Fencing: a coordinator's connections carry its instance id (session setting floe.holder). A write to the ledger
-- from such a connection succeeds only while that instance holds an unexpired lease, and it holds the lease row
-- share-locked until it commits, so a takeover waits for it to finish. A former leader that was paused (SIGSTOP, a
-- long GC, a network partition) and wakes up after a takeover therefore cannot change the ledger any more: its
-- statement fails and its transaction rolls back. Sessions without floe.holder (an operator's psql) are not fenced.
CREATE FUNCTION coordinator_fence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    me TEXT := current_setting('floe.holder', true);
    held BIGINT;
BEGIN
    IF me IS NULL OR me = '' THEN
        RETURN NULL;
    END IF;
    -- the lease of the written table's own ledger schema, whatever the session's search_path
    EXECUTE format('SELECT 1 FROM %I.coordinator_lease WHERE name = $1 AND holder = $2'
                   ' AND expires_at > clock_timestamp() FOR SHARE', TG_TABLE_SCHEMA)
        USING 'coordinator', me;
    GET DIAGNOSTICS held = ROW_COUNT;
    IF held = 0 THEN
        RAISE EXCEPTION 'coordinator % does not hold the leadership lease: its ledger write is refused (fenced)', me
            USING ERRCODE = 'FL001';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER runs_fenced BEFORE INSERT OR UPDATE OR DELETE ON runs
    FOR EACH STATEMENT EXECUTE FUNCTION coordinator_fence();
CREATE TRIGGER tasks_fenced BEFORE INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH STATEMENT EXECUTE FUNCTION coordinator_fence();
-- A table's row is created on first sight by readers too (an empty row, harmless); its changes are fenced.
CREATE TRIGGER table_states_fenced BEFORE UPDATE OR DELETE ON table_states
    FOR EACH STATEMENT EXECUTE FUNCTION coordinator_fence();
CREATE TRIGGER alerts_fenced BEFORE INSERT OR UPDATE OR DELETE ON alerts
    FOR EACH STATEMENT EXECUTE FUNCTION coordinator_fence();
CREATE TRIGGER seen_verdicts_fenced BEFORE INSERT OR UPDATE OR DELETE ON seen_verdicts
    FOR EACH STATEMENT EXECUTE FUNCTION coordinator_fence();
