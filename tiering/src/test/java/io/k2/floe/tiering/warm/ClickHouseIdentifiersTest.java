package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseIdentifiersTest {

    @Test
    void aPlainNameIsQuotedAsBefore() {
        assertThat(ClickHouseIdentifiers.quote("trade_time_us")).isEqualTo("`trade_time_us`");
    }

    @Test
    void backtickAndBackslashAreEscapedWithABackslash() {
        assertThat(ClickHouseIdentifiers.quote("a`b")).isEqualTo("`a\\`b`");
        assertThat(ClickHouseIdentifiers.quote("a\\b")).isEqualTo("`a\\\\b`");
        // a trailing backslash must not escape the closing backtick
        assertThat(ClickHouseIdentifiers.quote("a\\")).isEqualTo("`a\\\\`");
    }

    @Test
    void spacesQuotesSemicolonsAndKeywordsStayInsideTheQuotes() {
        assertThat(ClickHouseIdentifiers.quote("bid price")).isEqualTo("`bid price`");
        assertThat(ClickHouseIdentifiers.quote("it's \"x\"")).isEqualTo("`it's \"x\"`");
        assertThat(ClickHouseIdentifiers.quote("a;b")).isEqualTo("`a;b`");
        assertThat(ClickHouseIdentifiers.quote("select")).isEqualTo("`select`");
        assertThat(ClickHouseIdentifiers.quote("Zürich")).isEqualTo("`Zürich`");
    }

    @Test
    void anInjectionAttemptCannotCloseTheQuote() {
        String quoted = ClickHouseIdentifiers.quote("a` FROM system.tables --");
        assertThat(quoted).isEqualTo("`a\\` FROM system.tables --`");
        // the only unescaped backticks are the two that enclose the name
        assertThat(quoted.replace("\\\\", "").replace("\\`", "")).matches("`[^`]*`");
    }

    @Test
    void namesThatCannotBeWrittenSafelyAreRefusedNamingThem() {
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''").hasMessageContaining("empty");
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote("a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a\\u0000b'").hasMessageContaining("U+0000");
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote("price\n; DROP TABLE t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'price\\u000A; DROP TABLE t'");
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote("tab\there"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0009");
        assertThatThrownBy(() -> ClickHouseIdentifiers.quote("del\u007f"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+007F");
    }
}
