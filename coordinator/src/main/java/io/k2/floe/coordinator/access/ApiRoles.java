package io.k2.floe.coordinator.access;

/**
 * The API's two roles, read from a bearer token's {@code groups} claim: readers may call every GET, operators every
 * endpoint (they change state: runs, pauses, backfills, repairs, audits, maintenance, and may read as well).
 */
public final class ApiRoles {

    /** May read: every GET of /api. */
    public static final String READER = "floe-reader";
    /** May change state (every POST of /api), and read. */
    public static final String OPERATOR = "floe-operator";

    private ApiRoles() {
    }
}
