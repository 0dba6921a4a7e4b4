package io.k2.floe.audit.compare;

import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.cold.ColdOutages;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import io.k2.floe.tiering.warm.UnsupportedColumnTypeException;
import io.k2.floe.tiering.warm.WarmReadException;
import io.k2.floe.tiering.security.Redaction;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns what stopped an audit into its failed event: retried when a dependency was away, final otherwise. */
final class AuditFailures {

    private static final Logger LOG = Logger.getLogger(AuditFailures.class);

    private AuditFailures() {
    }

    static TaskFailed answer(AuditCommand command, Throwable failure) {
        String type = errorType(failure);
        if (ErrorTypes.INTERNAL.equals(type)) {
            LOG.errorf(failure, "audit %s of %s failed", command.commandId(), command.table());
        } else {
            LOG.warnf("audit %s of %s failed with %s: %s", command.commandId(), command.table(), type,
                    Redaction.text(failure.getMessage()));
        }
        // a library's message may name a connection string with its credentials
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : Redaction.text(failure.getMessage());
        return TaskFailed.of(command, type, message);
    }

    static String errorType(Throwable failure) {
        if (ColdOutages.isRefused(failure)) { // wrapped in anything, a refusal is final (ColdOutages)
            return ErrorTypes.COLD_REFUSED;
        }
        return switch (failure) {
            case AuditScope.InvalidAuditException invalid -> ErrorTypes.INVALID_COMMAND;
            case TableAudit.NoSnapshotYet none -> ErrorTypes.NOTHING_TO_AUDIT;
            case UnsupportedColumnTypeException unsupported -> ErrorTypes.UNSUPPORTED_TYPE;
            case UnknownWarmTableException unknown -> ErrorTypes.UNKNOWN_TABLE;
            case WarmReadException warm -> ErrorTypes.WARM_UNAVAILABLE;
            case IOException io -> ErrorTypes.WARM_UNAVAILABLE;
            case UncheckedIOException io -> ErrorTypes.COLD_UNAVAILABLE;
            default -> coldOrInternal(failure);
        };
    }

    private static String coldOrInternal(Throwable failure) {
        return ColdOutages.isOutage(failure) ? ErrorTypes.COLD_UNAVAILABLE : ErrorTypes.INTERNAL;
    }
}
