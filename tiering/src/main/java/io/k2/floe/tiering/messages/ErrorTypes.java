package io.k2.floe.tiering.messages;

/**
 * Well-known {@link TaskFailed#errorType()} codes. The field is open (any {@code UPPER_SNAKE} code is
 * valid) so that a worker can add a code without a contract change; these are the ones the
 * coordinator and alerting know.
 */
public final class ErrorTypes {

    /** The command could not be decoded ({@link MalformedMessageException}); never retried. */
    public static final String MALFORMED_COMMAND = "MALFORMED_COMMAND";
    /** The command names a table the catalog does not hold; never retried. */
    public static final String UNKNOWN_TABLE = "UNKNOWN_TABLE";
    /** The worker cannot handle this command (yet); never retried. */
    public static final String NOT_IMPLEMENTED = "NOT_IMPLEMENTED";
    /** The window would move the table's marker backwards; refused, nothing written, alerted. */
    public static final String WINDOW_REGRESSION = "WINDOW_REGRESSION";
    /** The window does not start at the table's committed marker; refused, nothing written. */
    public static final String WINDOW_GAP = "WINDOW_GAP";
    /**
     * The cold table has snapshots but its marker cannot be found (expired with every snapshot that held it, tag and
     * properties gone): where offload stopped is unknown, so no window is committed; never retried, alerted
     * ({@link AlertNames#MARKER_LOST}) until an operator restores the marker.
     */
    public static final String MARKER_LOST = "MARKER_LOST";
    /** The window reaches past an upstream table's committed marker. */
    public static final String UPSTREAM_BEHIND = "UPSTREAM_BEHIND";
    /** A source column has a ClickHouse type Floe cannot map. */
    public static final String UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE";
    /** A warm value cannot be represented in its cold type (e.g. a UInt64 above the long range); never retried. */
    public static final String VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE";
    /** ClickHouse could not be reached or failed the query; retried. */
    public static final String WARM_UNAVAILABLE = "WARM_UNAVAILABLE";
    /** The Iceberg catalog or the object store could not be reached; retried. */
    public static final String COLD_UNAVAILABLE = "COLD_UNAVAILABLE";
    /**
     * The catalog's database or the object store refused for good: wrong credentials, a missing permission, bucket or
     * database (S3 AccessDenied, PostgreSQL 28xxx, ...); never retried: an operator must fix the setting the message
     * names.
     */
    public static final String COLD_REFUSED = "COLD_REFUSED";
    /** The Iceberg commit lost to a conflicting commit; retried. */
    public static final String COMMIT_CONFLICT = "COMMIT_CONFLICT";
    /**
     * A decodable command asks for something that cannot be: a partition label that is not one of the table's
     * partitions, a range of absurd length, a snapshot the table does not have; never retried.
     */
    public static final String INVALID_COMMAND = "INVALID_COMMAND";
    /** An audit of a cold table nothing has been offloaded to yet (no committed marker); never retried. */
    public static final String NOTHING_TO_AUDIT = "NOTHING_TO_AUDIT";
    /** A warm partition to drop has no equal audit verdict at a live snapshot; refused. */
    public static final String NOT_VERIFIED = "NOT_VERIFIED";
    /**
     * A repair would replace a cold partition with fewer rows than it holds (the warm tier no longer has some of them);
     * nothing committed, never retried, alerted ({@code RepairWouldLoseRows}).
     */
    public static final String REPAIR_WOULD_LOSE_ROWS = "REPAIR_WOULD_LOSE_ROWS";
    /**
     * The command was older than the worker's {@code floe.commands.max-age} when it was read (a redelivery from a
     * backlog, after a worker outage): by then the coordinator has sent a newer attempt or given up, so it is not
     * executed. An old attempt's answer is ignored by the coordinator; the current attempt's is retried, which issues
     * it anew.
     */
    public static final String STALE_COMMAND = "STALE_COMMAND";
    /** The coordinator heard nothing within the task timeout (set by the coordinator). */
    public static final String TIMEOUT = "TIMEOUT";
    /**
     * The coordinator could not publish the command to the broker (set by the coordinator, never sent by a worker): the
     * attempt did not happen and is tried again after the first backoff.
     */
    public static final String BROKER_UNAVAILABLE = "BROKER_UNAVAILABLE";
    /** Anything else; the message says what. */
    public static final String INTERNAL = "INTERNAL";

    private ErrorTypes() {
    }
}
