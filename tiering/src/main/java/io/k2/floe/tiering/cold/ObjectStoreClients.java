package io.k2.floe.tiering.cold;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;

/** Builds S3 clients from {@link ObjectStoreConfig}, with the JDK-based HTTP client and explicit timeouts. */
public final class ObjectStoreClients {

    private ObjectStoreClients() {
    }

    /**
     * An S3 client whose every call gives up after {@code timeout} (connect, read and whole call).
     * The caller owns it and closes it.
     */
    public static S3Client s3(ObjectStoreConfig config, Duration timeout) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)
                        .build())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                .credentialsProvider(credentials(config))
                .overrideConfiguration(override -> override
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout));
        config.endpoint().filter(endpoint -> !endpoint.isBlank())
                .ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ObjectStoreConfig config) {
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
