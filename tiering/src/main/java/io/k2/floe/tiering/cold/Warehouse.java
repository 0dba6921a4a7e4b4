package io.k2.floe.tiering.cold;

import java.net.URI;
import java.nio.file.Path;

/**
 * A parsed warehouse location: {@code s3://bucket/prefix} (also {@code s3a://}) on the object store, or a local
 * directory given as {@code file:///path} or a plain absolute path.
 */
public record Warehouse(String location, String bucket, String prefix, Path directory) {

    /** @throws IllegalArgumentException naming the location when it is neither an S3 location nor a local path */
    public static Warehouse parse(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("warehouse location is empty (floe.iceberg.warehouse / FLOE_WAREHOUSE)");
        }
        String trimmed = location.strip();
        if (trimmed.startsWith("s3://") || trimmed.startsWith("s3a://")) {
            URI uri = URI.create(trimmed);
            String bucket = uri.getHost();
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("warehouse location '" + trimmed + "' names no bucket (expected s3://bucket/prefix)");
            }
            String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            return new Warehouse(trimmed, bucket, prefix, null);
        }
        if (trimmed.startsWith("file:")) {
            return new Warehouse(trimmed, null, null, Path.of(URI.create(trimmed)));
        }
        if (trimmed.startsWith("/")) {
            return new Warehouse(trimmed, null, null, Path.of(trimmed));
        }
        throw new IllegalArgumentException("warehouse location '" + trimmed
                + "' is neither s3://bucket/prefix nor a local directory (file:///path or /path)");
    }

    public boolean isObjectStore() {
        return bucket != null;
    }
}
