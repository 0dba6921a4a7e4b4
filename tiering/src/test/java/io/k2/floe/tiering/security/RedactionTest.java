package io.k2.floe.tiering.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "cannot connect to ClickHouse at https://floe:s3cr%21t@ch.example:8443/ | s3cr | cannot connect to ClickHouse at https://ch.example:8443/",
            "jdbc:postgresql://db:5432/floe?user=floe&password=hunter2&sslmode=verify-full | hunter2 | jdbc:postgresql://db:5432/floe?user=floe&password=***&sslmode=verify-full",
            "ScramLoginModule required username=\"floe\" password=\"pw-1\"; | pw-1 | ScramLoginModule required username=\"floe\" password=\"***\";",
            "s3 secret-key: abc123 rejected | abc123 | s3 secret-key: *** rejected",
            "nothing secret at http://127.0.0.1:18123/ | - | nothing secret at http://127.0.0.1:18123/"})
    void removesCredentialsAndKeepsTheRest(String text, String secret, String expected) {
        String redacted = Redaction.text(text);
        assertThat(redacted).isEqualTo(expected);
        if (!secret.equals("-")) {
            assertThat(redacted).doesNotContain(secret);
        }
    }
}
