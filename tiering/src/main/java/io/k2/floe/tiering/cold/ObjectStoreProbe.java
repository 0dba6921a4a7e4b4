package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Readiness probe for the warehouse storage: {@code HeadBucket} on the warehouse's bucket when the warehouse
 * is on S3, or "the directory exists and a file can be created in it" for a local-disk warehouse.
 */
@Singleton
public class ObjectStoreProbe implements DependencyProbe {

    private final ObjectStoreConfig store;
    private final String warehouseLocation;
    private final Duration timeout;
    private volatile S3Client s3;

    public ObjectStoreProbe(ObjectStoreConfig store, IcebergCatalogConfig catalog, ProbeRunner runner) {
        this.store = store;
        this.warehouseLocation = catalog.warehouse();
        this.timeout = runner.timeout();
    }

    @Override
    public String dependency() {
        return "object-store";
    }

    @Override
    public ProbeResult probe() throws Exception {
        // Parsed here rather than at construction so that a bad location shows as a DOWN naming it.
        Warehouse warehouse = Warehouse.parse(warehouseLocation);
        return warehouse.isObjectStore() ? probeBucket(warehouse) : probeDirectory(warehouse.directory());
    }

    private ProbeResult probeBucket(Warehouse warehouse) {
        String bucket = warehouse.bucket();
        var data = ProbeResult.data("warehouse", warehouse.location(), "endpoint", store.endpoint().orElse("aws"));
        if (!bucket.equals(store.bucket())) {
            return ProbeResult.down("the warehouse " + warehouse.location() + " is in bucket '" + bucket
                    + "' but floe.s3.bucket (FLOE_S3_BUCKET) is '" + store.bucket() + "'", data);
        }
        try {
            s3().headBucket(HeadBucketRequest.builder().bucket(bucket).build());
            return ProbeResult.up("bucket " + bucket + " exists", data);
        } catch (NoSuchBucketException e) {
            return ProbeResult.down("bucket " + bucket + " does not exist", data);
        } catch (S3Exception e) {
            // HeadBucket has no body, so the status code is all S3 tells (403: wrong keys or no permission).
            return ProbeResult.down("HeadBucket " + bucket + " answered HTTP " + e.statusCode()
                    + (e.statusCode() == 403 ? " (access denied: check FLOE_S3_ACCESS_KEY/FLOE_S3_SECRET_KEY)" : ""), data);
        }
    }

    private static ProbeResult probeDirectory(Path directory) throws Exception {
        var data = ProbeResult.data("warehouse", directory.toString());
        if (!Files.isDirectory(directory)) {
            return ProbeResult.down("warehouse directory " + directory + " does not exist", data);
        }
        Path probe = Files.createTempFile(directory, ".floe-readiness-", ".tmp");
        Files.delete(probe);
        return ProbeResult.up("warehouse directory " + directory + " is writable", data);
    }

    private S3Client s3() {
        S3Client current = s3;
        if (current == null) {
            synchronized (this) {
                if (s3 == null) {
                    // One attempt with tight timeouts: readiness wants the state now, not after retries.
                    s3 = ObjectStoreClients.configure(S3Client.builder(), store)
                            .httpClient(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(timeout)
                                    .socketTimeout(timeout)
                                    .build())
                            .overrideConfiguration(override -> override
                                    .apiCallTimeout(timeout)
                                    .retryStrategy(AwsRetryStrategy.doNotRetry()))
                            .build();
                }
                current = s3;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        S3Client current = s3;
        if (current != null) {
            current.close();
        }
    }
}
