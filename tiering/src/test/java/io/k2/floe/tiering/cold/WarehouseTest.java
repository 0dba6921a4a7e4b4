package io.k2.floe.tiering.cold;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseTest {

    @Test
    void anS3LocationNamesItsBucketAndPrefix() {
        Warehouse warehouse = Warehouse.parse("s3://floe-warehouse/warehouse/k2");

        assertThat(warehouse.isObjectStore()).isTrue();
        assertThat(warehouse.bucket()).isEqualTo("floe-warehouse");
        assertThat(warehouse.prefix()).isEqualTo("warehouse/k2");
    }

    @Test
    void fileUrisAndAbsolutePathsAreLocalDirectories() {
        assertThat(Warehouse.parse("file:///var/lib/floe/warehouse").directory()).isEqualTo(Path.of("/var/lib/floe/warehouse"));
        assertThat(Warehouse.parse("/var/lib/floe/warehouse").isObjectStore()).isFalse();
    }

    @Test
    void anythingElseIsRefusedWithTheLocationInTheMessage() {
        assertThatThrownBy(() -> Warehouse.parse("warehouse/relative"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'warehouse/relative'");
        assertThatThrownBy(() -> Warehouse.parse("s3:///no-bucket"))
                .hasMessageContaining("names no bucket");
    }
}
