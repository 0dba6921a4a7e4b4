package io.k2.floe.offload.window;

import io.k2.floe.tiering.cold.MarkerRefusedException;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.cold.ColdOutages;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import io.k2.floe.tiering.warm.UnsupportedColumnTypeException;
import io.k2.floe.tiering.warm.ValueOutOfRangeException;
import io.k2.floe.tiering.warm.WarmReadException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns what went wrong in an offload into the failed event's error type, message and list of uncommitted files.
 * The type tells the coordinator whether a retry can help (docs/messages.md): a refused window or an unsupported
 * column never heals by itself, an unreachable ClickHouse or object store usually does.
 */
final class OffloadFailures {

    private static final Logger LOG = Logger.getLogger(OffloadFailures.class);

    private OffloadFailures() {
    }

    /**
     * Names this execution's data files: command, attempt and a random part. A delivery of the same command that
     * runs at the same time (a worker that stalled past its session while the command went to another) must never
     * write, or delete, files of the same name as the one that commits.
     */
    static String executionId(OffloadCommand command) {
        return command.commandId() + "-a" + command.attempt() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    static TaskFailed answer(OffloadCommand command, Throwable failure, List<String> uncommitted) {
        String type = errorType(failure);
        String message = "offload of " + command.table() + " window " + command.window() + " failed: "
                + Failures.describe(failure);
        if (ErrorTypes.INTERNAL.equals(type)) {
            LOG.errorf(failure, "offload of %s (command %s) failed unexpectedly", command.table(), command.commandId());
        } else {
            LOG.warnf("offload of %s (command %s): %s %s", command.table(), command.commandId(), type, message);
        }
        return new TaskFailed(command.commandId(), command.runId(), command.table(), command.kind(),
                command.attempt(), type, message, uncommitted);
    }

    /**
     * The files the failed attempt wrote, for the failed event's {@code uncommittedFiles}. None when the commit's
     * outcome is unknown, or when the commit happened and something failed after it ({@code committed}): they may be
     * (or are) in the table. The list is informational only: orphan cleanup decides from what the table references,
     * never from it (docs/exactly-once.md).
     */
    static List<String> leftBehind(Throwable failure, WindowWriter writer, boolean committed) {
        if (writer == null || committed || failure instanceof CommitStateUnknownException) {
            return List.of();
        }
        return writer.abort();
    }

    static String errorType(Throwable failure) {
        if (ColdOutages.isRefused(failure)) { // wrapped in anything, a refusal is final (ColdOutages)
            return ErrorTypes.COLD_REFUSED;
        }
        return switch (failure) {
            case MarkerRefusedException refused -> switch (refused.reason()) {
                case GAP -> ErrorTypes.WINDOW_GAP;
                case REGRESSION -> ErrorTypes.WINDOW_REGRESSION;
                case MARKER_LOST -> ErrorTypes.MARKER_LOST;
            };
            case UnsupportedColumnTypeException unsupported -> ErrorTypes.UNSUPPORTED_TYPE;
            case UnknownWarmTableException unknown -> ErrorTypes.UNKNOWN_TABLE;
            case RepairWouldLoseRowsException loss -> ErrorTypes.REPAIR_WOULD_LOSE_ROWS;
            case ValueOutOfRangeException range -> ErrorTypes.VALUE_OUT_OF_RANGE;
            case WarmReadException warm -> ErrorTypes.WARM_UNAVAILABLE;
            case IOException io -> ErrorTypes.WARM_UNAVAILABLE;
            case CommitFailedException conflict -> ErrorTypes.COMMIT_CONFLICT;
            case ValidationException conflict -> ErrorTypes.COMMIT_CONFLICT;
            case CommitStateUnknownException unknown -> ErrorTypes.COLD_UNAVAILABLE;
            case UncheckedIOException io -> ErrorTypes.COLD_UNAVAILABLE;
            default -> coldOrInternal(failure);
        };
    }

    private static String coldOrInternal(Throwable failure) {
        return ColdOutages.isOutage(failure) ? ErrorTypes.COLD_UNAVAILABLE : ErrorTypes.INTERNAL;
    }
}
