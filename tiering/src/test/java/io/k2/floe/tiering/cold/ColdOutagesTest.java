package io.k2.floe.tiering.cold;

import org.apache.iceberg.exceptions.RuntimeIOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;

import static io.k2.floe.tiering.cold.ColdOutages.Kind.NOT_COLD;
import static io.k2.floe.tiering.cold.ColdOutages.Kind.OUTAGE;
import static io.k2.floe.tiering.cold.ColdOutages.Kind.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

/** The cause-based classification on the exceptions the AWS SDK, JDBC and Iceberg throw (ColdOutagesIT: real ones). */
class ColdOutagesTest {

    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void objectStoreAnswersThatRepeatHoweverOftenAskedAreRefusals() {
        assertThat(ColdOutages.classify(s3(403, "AccessDenied"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(s3(403, "SignatureDoesNotMatch"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(s3(404, "NoSuchBucket"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(s3(301, "PermanentRedirect"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(s3(400, "InvalidArgument"))).isEqualTo(REFUSED);
    }

    @Test
    void objectStoreAnswersThatHealAreOutages() {
        assertThat(ColdOutages.classify(s3(503, "SlowDown"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(s3(500, "InternalError"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(s3(429, "TooManyRequests"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(s3(408, "RequestTimeout"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(s3(409, "OperationAborted"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).isEqualTo(OUTAGE);
    }

    @Test
    void databaseStatesSplitIntoRefusalsAndOutages() {
        assertThat(ColdOutages.classify(new SQLException("password authentication failed", "28P01"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(new SQLException("database \"x\" does not exist", "3D000"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(new SQLException("permission denied", "42501"))).isEqualTo(REFUSED);
        assertThat(ColdOutages.classify(new SQLException("connection refused", "08001"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(new SQLException("terminating connection", "57P01"))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(new SQLException("no state"))).isEqualTo(OUTAGE);
    }

    @Test
    void aRefusalAnywhereInTheCauseChainWinsOverTheWrappersSayingIo() {
        Throwable wrapped = new RuntimeIOException(new IOException("write failed", s3(403, "AccessDenied")));
        assertThat(ColdOutages.classify(wrapped)).isEqualTo(REFUSED);
        assertThat(ColdOutages.isRefused(wrapped)).isTrue();
        assertThat(ColdOutages.isOutage(wrapped)).isFalse();

        Throwable sql = new RuntimeException("catalog", new SQLException("no such role", "28000"));
        assertThat(ColdOutages.classify(sql)).isEqualTo(REFUSED);
    }

    @Test
    void networkFailuresAreOutagesAndEverythingElseIsNotTheColdTiers() {
        assertThat(ColdOutages.classify(new UncheckedIOException(new IOException("reset")))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(new RuntimeException(new ConnectException("refused")))).isEqualTo(OUTAGE);
        assertThat(ColdOutages.classify(new IllegalStateException("a bug of Floe's own"))).isEqualTo(NOT_COLD);
        assertThat(ColdOutages.isOutage(new IllegalStateException("a bug"))).isFalse();
    }
}
