package io.k2.floe.tiering.cold;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;

/** Points S3 client builders at the configured object store. */
public final class ObjectStoreClients {

    private ObjectStoreClients() {
    }

    /**
     * Sets region, endpoint (when one is configured), path-style addressing and credentials: the static keys
     * when both are configured, else the AWS SDK's default chain. HTTP client, timeouts and retries are the
     * caller's choice.
     */
    public static S3ClientBuilder configure(S3ClientBuilder builder, ObjectStoreConfig config) {
        builder.region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config));
        config.endpoint().filter(endpoint -> !endpoint.isBlank())
                .ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder;
    }

    private static AwsCredentialsProvider credentials(ObjectStoreConfig config) {
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
