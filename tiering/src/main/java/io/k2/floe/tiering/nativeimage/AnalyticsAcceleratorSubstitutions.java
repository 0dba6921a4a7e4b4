package io.k2.floe.tiering.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.aws.s3.S3InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Iceberg's bridge to the S3 Analytics Accelerator, replaced as a whole (its static cache's removal listener names
 * the accelerator's classes too). Iceberg calls it only with {@code s3.analytics-accelerator.enabled=true}, which
 * Floe never sets; S3FileIO calls {@link #cleanupCache} when it closes, which has nothing to clean then.
 */
@TargetClass(className = "org.apache.iceberg.aws.s3.AnalyticsAcceleratorUtil")
@Substitute
final class AnalyticsAcceleratorSubstitutions {

    private AnalyticsAcceleratorSubstitutions() {
    }

    @Substitute
    public static SeekableInputStream newStream(S3InputFile inputFile) {
        throw new UnsupportedOperationException(
                "the S3 Analytics Accelerator is not part of Floe's native executables: leave s3.analytics-accelerator.enabled unset");
    }

    @Substitute
    public static void cleanupCache(S3AsyncClient client, S3FileIOProperties properties) {
        // No accelerator streams were ever made: nothing to close.
    }
}
