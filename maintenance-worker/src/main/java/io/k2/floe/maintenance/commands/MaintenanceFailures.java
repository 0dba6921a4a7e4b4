package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.cold.ColdOutages;
import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.TaskFailed;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns what went wrong in a maintenance step into its failed event. The type tells the coordinator whether a retry
 * can help (docs/messages.md): a bad option never heals, an unreachable catalog or object store usually does. A
 * maintenance failure never lists files for cleanup ({@code uncommittedFiles} stays empty): orphan cleanup decides
 * from what the table references, never from events.
 */
public final class MaintenanceFailures {

    private static final Logger LOG = Logger.getLogger(MaintenanceFailures.class);

    private MaintenanceFailures() {
    }

    /** The failed event answering {@code command}, logged (with the stack trace when the failure is Floe's own). */
    public static TaskFailed answer(MaintenanceCommand command, Throwable failure) {
        String type = errorType(failure);
        String message = command.action() + " of " + command.table() + " failed: " + Failures.describe(failure);
        if (ErrorTypes.INTERNAL.equals(type)) {
            LOG.errorf(failure, "%s of %s (command %s) failed unexpectedly", command.action(), command.table(),
                    command.commandId());
        } else {
            LOG.warnf("%s of %s (command %s): %s %s", command.action(), command.table(), command.commandId(), type,
                    message);
        }
        return new TaskFailed(command.commandId(), command.runId(), command.table(), command.kind(),
                command.attempt(), type, message, List.of());
    }

    static String errorType(Throwable failure) {
        if (ColdOutages.isRefused(failure)) { // wrapped in anything, a refusal is final (ColdOutages)
            return ErrorTypes.COLD_REFUSED;
        }
        return switch (failure) {
            case InvalidOptionException invalid -> ErrorTypes.INVALID_COMMAND;
            case CommitFailedException conflict -> ErrorTypes.COMMIT_CONFLICT;
            case ValidationException conflict -> ErrorTypes.COMMIT_CONFLICT;
            case CommitStateUnknownException unknown -> ErrorTypes.COLD_UNAVAILABLE;
            case UncheckedIOException io -> ErrorTypes.COLD_UNAVAILABLE;
            default -> ColdOutages.isOutage(failure) ? ErrorTypes.COLD_UNAVAILABLE : ErrorTypes.INTERNAL;
        };
    }
}
