package io.k2.floe.tiering.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.metrics.MetricsContext;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Iceberg's two calls into its S3 Analytics Accelerator bridge ({@code AnalyticsAcceleratorUtil}), cut out. That
 * class cannot even be substituted: its own signatures name the accelerator's classes, which are not on the class
 * path. So its callers are replaced by what they do when {@code s3.analytics-accelerator.enabled} is off (the
 * default, and Floe never sets it): {@code S3InputFile.newStream()} opens Iceberg's plain {@code S3InputStream}, and
 * {@code PrefixedS3Client.close()} closes the two clients without the accelerator's cache clean-up.
 */
final class AnalyticsAcceleratorSubstitutions {

    private AnalyticsAcceleratorSubstitutions() {
    }

    /** What {@code S3InputFile} inherits and {@code newStream()} reads. */
    @TargetClass(className = "org.apache.iceberg.aws.s3.BaseS3File")
    static final class BaseS3FileAlias {

        @Alias
        native S3Client client();

        @Alias
        native S3UriAlias uri();

        @Alias
        public native S3FileIOProperties s3FileIOProperties();

        @Alias
        protected native MetricsContext metrics();
    }

    /** Iceberg's S3 location type (not public). */
    @TargetClass(className = "org.apache.iceberg.aws.s3.S3URI")
    static final class S3UriAlias {
    }

    /** Iceberg's plain S3 input stream (not public). */
    @TargetClass(className = "org.apache.iceberg.aws.s3.S3InputStream")
    static final class S3InputStreamAlias {

        @Alias
        S3InputStreamAlias(S3Client client, S3UriAlias uri, S3FileIOProperties properties, MetricsContext metrics) {
        }
    }

    @TargetClass(className = "org.apache.iceberg.aws.s3.S3InputFile")
    static final class S3InputFileSubstitution {

        @Substitute
        public SeekableInputStream newStream() {
            // The casts through Object are how substitution code names the real types behind the aliases.
            BaseS3FileAlias file = (BaseS3FileAlias) (Object) this;
            return (SeekableInputStream) (Object) new S3InputStreamAlias(file.client(), file.uri(),
                    file.s3FileIOProperties(), file.metrics());
        }
    }

    @TargetClass(className = "org.apache.iceberg.aws.s3.PrefixedS3Client")
    static final class PrefixedS3ClientSubstitution {

        @Alias
        private volatile S3Client s3Client;

        @Alias
        private volatile S3AsyncClient s3AsyncClient;

        @Substitute
        public void close() {
            if (s3Client != null) {
                s3Client.close();
            }
            if (s3AsyncClient != null) {
                s3AsyncClient.close();
            }
        }
    }
}
