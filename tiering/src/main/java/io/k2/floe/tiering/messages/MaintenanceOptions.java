package io.k2.floe.tiering.messages;

/**
 * Option keys of a {@link MaintenanceCommand} that every maintenance action understands. Options are text; an action
 * refuses a value it cannot read with {@code INVALID_COMMAND} and changes nothing. An action's own options (those that
 * override a table's maintenance policy for one command) are documented with the action.
 */
public final class MaintenanceOptions {

    /**
     * {@code true}: decide and report what the action would do (files it would rewrite, snapshots it would expire,
     * files it would remove, partitions it would drop), change nothing. Default {@code false}.
     */
    public static final String DRY_RUN = "dry-run";

    private MaintenanceOptions() {
    }

    /** Whether {@code command} asks for a dry run; a value other than true/false is refused. */
    public static boolean dryRun(MaintenanceCommand command) {
        String value = command.options().getOrDefault(DRY_RUN, "false").trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("option " + DRY_RUN + " must be true or false, got '" + value + "'");
    }
}
