package io.k2.floe.tiering.security;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the log holds no credentials, whether in the message or in a library's exception chain. */
class RedactingLogFilterTest {

    private static final String URL = "jdbc:postgresql://db:5432/floe?user=floe&password=hunter2";

    @Test
    void aMessageNamingAConnectionStringIsLoggedWithoutItsPassword() {
        ExtLogRecord record = new ExtLogRecord(Level.WARN, "catalog %s at %s unreachable", ExtLogRecord.FormatStyle.PRINTF,
                RedactingLogFilterTest.class.getName());
        record.setParameters(new Object[]{"floe", URL});

        assertThat(new RedactingLogFilter().isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo(
                "catalog floe at jdbc:postgresql://db:5432/floe?user=floe&password=*** unreachable");
    }

    @Test
    void anExceptionChainIsLoggedWithItsClassesAndFramesButWithoutCredentials() {
        SQLException driver = new SQLException("connection to http://floe:s3cr3t@db:5432 refused");
        RuntimeException iceberg = new IllegalStateException("Failed to connect: " + URL, driver);
        ExtLogRecord record = new ExtLogRecord(Level.ERROR, "offload failed", RedactingLogFilterTest.class.getName());
        record.setThrown(iceberg);

        new RedactingLogFilter().isLoggable(record);

        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString())
                .doesNotContain("hunter2").doesNotContain("s3cr3t")
                .contains("java.lang.IllegalStateException: Failed to connect: jdbc:postgresql://db:5432/floe?user=floe"
                        + "&password=***")
                .contains("Caused by: java.sql.SQLException: connection to http://db:5432 refused")
                .contains("anExceptionChainIsLoggedWithItsClassesAndFramesButWithoutCredentials");
    }

    @Test
    void aRecordWithoutCredentialsIsLeftAsItIs() {
        RuntimeException plain = new IllegalStateException("nothing secret at http://127.0.0.1:18123/");
        ExtLogRecord record = new ExtLogRecord(Level.WARN, "plain %s", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(new Object[]{"text"});
        record.setThrown(plain);

        new RedactingLogFilter().isLoggable(record);

        assertThat(record.getThrown()).isSameAs(plain);
        assertThat(record.getFormattedMessage()).isEqualTo("plain text");
    }
}
