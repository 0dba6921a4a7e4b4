package io.k2.floe.tiering.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3CrtAsyncClientBuilder;

/**
 * The AWS SDK's uses of the AWS Common Runtime (aws-crt, not shipped: Floe's S3 client is the JDK-based
 * url-connection client, and its checksums are the SDK's Java ones). Each throws what the SDK itself throws on the
 * JVM when aws-crt is missing.
 */
final class AwsCrtSubstitutions {

    private AwsCrtSubstitutions() {
    }

    /** CRC64NVME exists only in aws-crt; the SDK offers it for checksums Floe never asks for. */
    @TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
    static final class ChecksumProviderSubstitution {

        /** Used only when the SDK finds aws-crt on the class path, which it never does here. */
        @Substitute
        static SdkChecksum createCrtCrc32C() {
            throw new IllegalStateException("aws-crt is not part of Floe's native executables");
        }

        @Substitute
        static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
            throw new IllegalStateException("Could not load software.amazon.awssdk.crt.checksums.XXHash:"
                    + " aws-crt is not part of Floe's native executables");
        }

        @Substitute
        static SdkChecksum crc64NvmeCrtImplementation() {
            throw new IllegalStateException("Could not load software.amazon.awssdk.crt.checksums.CRC64NVME:"
                    + " aws-crt is not part of Floe's native executables");
        }
    }

    /**
     * The entry to the CRT-based S3 client, which Floe does not use (Iceberg builds it only with {@code s3.crt.enabled}
     * for its async client). Cut here rather than deeper: the CRT client's classes initialise CRT types statically.
     */
    @TargetClass(className = "software.amazon.awssdk.services.s3.S3AsyncClient")
    static final class S3AsyncClientSubstitution {

        @Substitute
        public static S3CrtAsyncClientBuilder crtBuilder() {
            throw new UnsupportedOperationException("the CRT-based S3 client needs aws-crt, which is not part of"
                    + " Floe's native executables");
        }

        @Substitute
        public static S3AsyncClient crtCreate() {
            throw new UnsupportedOperationException("the CRT-based S3 client needs aws-crt, which is not part of"
                    + " Floe's native executables");
        }
    }
}
