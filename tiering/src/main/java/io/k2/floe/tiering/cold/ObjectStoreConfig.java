package io.k2.floe.tiering.cold;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The S3-compatible object store holding the cold tier (prefix {@code floe.s3}). */
@ConfigMapping(prefix = "floe.s3")
public interface ObjectStoreConfig {

    /**
     * Endpoint of an S3-compatible server (s3proxy, MinIO). Empty means AWS S3 itself, found from {@link #region()}.
     * Default: none; the services set {@code http://127.0.0.1:18090} (env {@code FLOE_S3_ENDPOINT}).
     */
    Optional<String> endpoint();

    /** Region used to sign requests. Default: {@code us-east-1} (env {@code FLOE_S3_REGION}). */
    @WithDefault("us-east-1")
    String region();

    /** Bucket holding the warehouse. Default: {@code floe-warehouse} (env {@code FLOE_S3_BUCKET}). */
    @WithDefault("floe-warehouse")
    String bucket();

    /**
     * Access key id. Default: none, which means the AWS SDK's default credential chain (instance role, ...)
     * (env {@code FLOE_S3_ACCESS_KEY}).
     */
    Optional<String> accessKey();

    /** Secret access key; a secret, never logged. Default: none (env {@code FLOE_S3_SECRET_KEY}). */
    Optional<String> secretKey();

    /**
     * Path-style addressing ({@code endpoint/bucket/key}), which s3proxy and MinIO need.
     * Default: {@code true} (env {@code FLOE_S3_PATH_STYLE}).
     */
    @WithDefault("true")
    boolean pathStyle();
}
