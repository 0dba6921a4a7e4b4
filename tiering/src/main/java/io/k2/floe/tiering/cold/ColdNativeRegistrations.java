package io.k2.floe.tiering.cold;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the cold tier loads by name, registered for reflection so that they exist in a native executable:
 * the catalog and FileIO implementations {@link ColdCatalogs} names in the catalog properties, and the Parquet and
 * Hadoop compression codecs Parquet instantiates from its codec table. What annotations cannot say is in this
 * library's {@code META-INF/native-image/io.k2.floe/tiering/}: run-time initialisation (native-image.properties) and
 * zstd-jni's JNI registrations and shared library (jni-config.json, resource-config.json), see docs/native.md.
 */
@RegisterForReflection(classNames = {
        ColdCatalogs.JDBC_CATALOG,
        ColdCatalogs.REST_CATALOG,
        ColdCatalogs.S3_FILE_IO,
        "io.k2.floe.tiering.cold.LocalDiskFileIO",
        "org.apache.iceberg.aws.s3.DefaultS3FileIOAwsClientFactory",
        // Iceberg's HttpClientProperties calls its static create(Map) by name to configure the url-connection client
        // (seen in the first native offload: "Cannot find method: create").
        "org.apache.iceberg.aws.UrlConnectionHttpClientConfigurations",
        // Iceberg's Avro readers create the records of manifest lists and manifests by class name (DynConstructors,
        // a (Types.StructType) or no-argument constructor). Seen in the first native coordinator run: every commit
        // logged "Cannot find constructor ... GenericPartitionFieldSummary" where it reads the manifest list back;
        // scan planning (audits, maintenance) reads all of them.
        "org.apache.iceberg.GenericManifestFile",
        "org.apache.iceberg.GenericPartitionFieldSummary",
        "org.apache.iceberg.GenericManifestEntry",
        "org.apache.iceberg.GenericDataFile",
        "org.apache.iceberg.GenericDeleteFile",
        "org.apache.iceberg.PartitionData",
        "org.apache.parquet.hadoop.codec.ZstandardCodec",
        "org.apache.parquet.hadoop.codec.SnappyCodec",
        "org.apache.parquet.hadoop.codec.Lz4RawCodec",
        "org.apache.hadoop.io.compress.GzipCodec",
        "org.apache.hadoop.io.compress.DefaultCodec"
}, methods = true, fields = false)
final class ColdNativeRegistrations {

    private ColdNativeRegistrations() {
    }

    /**
     * Iceberg's default AWS client factory, created by name (its constructor) and then used through its interface.
     * Its methods are not registered: their signatures name the Glue and DynamoDB clients, which Floe does not ship,
     * and the native builder stops on a method whose types it cannot load.
     */
    @RegisterForReflection(classNames = "org.apache.iceberg.aws.AwsClientFactories$DefaultAwsClientFactory",
            methods = false, fields = false)
    static final class ConstructedOnly {

        private ConstructedOnly() {
        }
    }
}
