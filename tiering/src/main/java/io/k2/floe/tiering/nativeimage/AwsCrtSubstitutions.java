package io.k2.floe.tiering.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;

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

        @Substitute
        static SdkChecksum crc64NvmeCrtImplementation() {
            throw new IllegalStateException("Could not load software.amazon.awssdk.crt.checksums.CRC64NVME:"
                    + " aws-crt is not part of Floe's native executables");
        }
    }

    /** The builder's type, named for the substitution's signature (it is not public). */
    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.DefaultS3CrtAsyncClient$DefaultS3CrtClientBuilder")
    static final class CrtClientBuilderAlias {
    }

    /** The returned builder's type, named for the substitution's signature (it is not public). */
    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.S3CrtAsyncHttpClient$Builder")
    static final class CrtHttpClientBuilderAlias {
    }

    /** The CRT-based S3 client ({@code S3AsyncClient.crtBuilder()}), which Floe does not use. */
    @TargetClass(className = "software.amazon.awssdk.services.s3.internal.crt.DefaultS3CrtAsyncClient")
    static final class CrtAsyncClientSubstitution {

        @Substitute
        private static CrtHttpClientBuilderAlias initializeS3CrtAsyncHttpClient(CrtClientBuilderAlias builder) {
            throw new UnsupportedOperationException("the CRT-based S3 client needs aws-crt, which is not part of"
                    + " Floe's native executables");
        }
    }
}
