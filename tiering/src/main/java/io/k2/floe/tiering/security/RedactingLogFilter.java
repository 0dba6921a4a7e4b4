package io.k2.floe.tiering.security;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.Objects;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * The last net under the log: masks credentials ({@link Redaction}) in every record's message and in the messages of
 * its exception chain, since a library's exception (Iceberg's JDBC catalog "Failed to connect: jdbc:...?password=...",
 * a driver naming a URL with {@code user:password@}) is logged with its stack trace where the code cannot reword it.
 * Enabled per handler with {@code quarkus.log.console.filter=floe-redaction} (and {@code quarkus.log.file.filter}).
 */
@LoggingFilter(name = RedactingLogFilter.NAME)
public final class RedactingLogFilter implements Filter {

    public static final String NAME = "floe-redaction";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String redacted = Redaction.text(formatted);
            if (!Objects.equals(formatted, redacted)) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getParameters() == null) {
            record.setMessage(Redaction.text(record.getMessage()));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && RedactedFailure.needed(thrown)) {
            record.setThrown(RedactedFailure.of(thrown));
        }
        return true;
    }
}
