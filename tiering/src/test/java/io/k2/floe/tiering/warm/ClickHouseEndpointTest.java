package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseEndpointTest {

    @Test
    void credentialsInTheUrlBecomeTheLoginAndLeaveTheUrl() {
        ClickHouseEndpoint endpoint = ClickHouseEndpoint.of("https://floe:p%40ss@ch.example:8443", "default", "");
        assertThat(endpoint.base()).hasToString("https://ch.example:8443/");
        assertThat(endpoint.shown()).isEqualTo("https://ch.example:8443/");
        assertThat(endpoint.user()).isEqualTo("floe");
        assertThat(endpoint.password()).isEqualTo("p@ss");
        assertThat(new String(Base64.getDecoder().decode(endpoint.authorization().substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("floe:p@ss");
        assertThat(endpoint.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void withoutCredentialsInTheUrlTheConfiguredOnesAreUsed() {
        ClickHouseEndpoint endpoint = ClickHouseEndpoint.of("http://127.0.0.1:18123/", "reader", "pw");
        assertThat(endpoint.base()).hasToString("http://127.0.0.1:18123/");
        assertThat(endpoint.user()).isEqualTo("reader");
        assertThat(endpoint.password()).isEqualTo("pw");
    }

    @Test
    void aBadUrlIsRefusedWithoutRepeatingItsCredentials() {
        assertThatThrownBy(() -> ClickHouseEndpoint.of("ftp://u:topsecret@host/", "default", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("topsecret");
        assertThatThrownBy(() -> ClickHouseEndpoint.of("http://u:top secret@host/", "default", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("top secret");
    }
}
