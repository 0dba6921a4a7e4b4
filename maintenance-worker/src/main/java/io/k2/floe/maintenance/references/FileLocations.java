package io.k2.floe.maintenance.references;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One spelling per file, so that a location a listing returns and one a manifest holds compare equal when they name
 * the same file: {@code s3a://} and {@code s3n://} are {@code s3://} (Hadoop's names for the same store), and on local
 * disk {@code file:/x}, {@code file:///x} and {@code /x} are all {@code /x} (with {@code .} and {@code ..} resolved).
 * Object keys are compared as they are otherwise: {@code a//b} and {@code a/b} are different S3 objects.
 */
public final class FileLocations {

    private FileLocations() {
    }

    /** The normal spelling of {@code location}. */
    public static String normalize(String location) {
        String l = location.trim();
        String lower = l.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3a://") || lower.startsWith("s3n://")) {
            return "s3://" + l.substring(6);
        }
        if (lower.startsWith("s3://")) {
            return "s3://" + l.substring(5);
        }
        if (lower.startsWith("file:")) {
            try {
                return Path.of(URI.create(l.replace(" ", "%20"))).normalize().toString();
            } catch (IllegalArgumentException e) {
                // file://host/x or similar: keep the path part
                return Path.of(URI.create(l.replace(" ", "%20")).getPath()).normalize().toString();
            }
        }
        if (l.startsWith("/")) {
            return Path.of(l).normalize().toString();
        }
        return l;
    }

    /** {@code location} as a directory prefix: normalised, ending in exactly one {@code /}. */
    public static String directory(String location) {
        String n = normalize(location);
        return n.endsWith("/") ? n : n + "/";
    }
}
