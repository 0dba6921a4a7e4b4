package io.k2.floe.maintenance.references;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileLocationsTest {

    @Test
    void hadoopSchemesNameTheSameS3Object() {
        assertThat(FileLocations.normalize("s3a://bucket/wh/t/data/a.parquet")).isEqualTo("s3://bucket/wh/t/data/a.parquet");
        assertThat(FileLocations.normalize("s3n://bucket/wh/t/data/a.parquet")).isEqualTo("s3://bucket/wh/t/data/a.parquet");
        assertThat(FileLocations.normalize("S3://bucket/k")).isEqualTo("s3://bucket/k");
    }

    @Test
    void objectKeysAreNotRewritten() {
        // two slashes make another S3 key; treating them as one would make an unreferenced object look referenced
        assertThat(FileLocations.normalize("s3://bucket/a//b")).isEqualTo("s3://bucket/a//b");
    }

    @Test
    void localFilesHaveOneSpelling() {
        assertThat(FileLocations.normalize("file:/tmp/wh/t/a.parquet")).isEqualTo("/tmp/wh/t/a.parquet");
        assertThat(FileLocations.normalize("file:///tmp/wh/t/a.parquet")).isEqualTo("/tmp/wh/t/a.parquet");
        assertThat(FileLocations.normalize("/tmp/wh/./t/../t/a.parquet")).isEqualTo("/tmp/wh/t/a.parquet");
        assertThat(FileLocations.normalize("file:/tmp/with space/a")).isEqualTo("/tmp/with space/a");
    }

    @Test
    void aDirectoryPrefixEndsInOneSlash() {
        assertThat(FileLocations.directory("s3a://bucket/wh/cold/t")).isEqualTo("s3://bucket/wh/cold/t/");
        assertThat(FileLocations.directory("file:/tmp/wh/cold/t/")).isEqualTo("/tmp/wh/cold/t/");
        // so that a sibling table whose name starts alike is not under it
        assertThat("s3://bucket/wh/cold/t2/data/x").doesNotStartWith(FileLocations.directory("s3://bucket/wh/cold/t"));
    }
}
