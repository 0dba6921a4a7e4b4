package io.k2.floe.tiering.cold;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocationsTest {

    @Test
    void jdbcUrlsLoseUserInfoAndQueryWhereCredentialsHide() {
        assertThat(Locations.redact("jdbc:postgresql://floe:s3cret@127.0.0.1:15432/floe?password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:15432/floe");
    }

    @Test
    void plainUrlsStayReadable() {
        assertThat(Locations.redact("http://127.0.0.1:8181/catalog")).isEqualTo("http://127.0.0.1:8181/catalog");
    }
}
