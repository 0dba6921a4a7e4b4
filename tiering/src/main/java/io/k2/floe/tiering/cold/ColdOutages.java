package io.k2.floe.tiering.cold;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells, from what a task threw, a cold-tier outage (retried) from a refusal a retry cannot change (wrong credentials,
 * a missing permission, bucket or database: never retried) and from a failure of Floe's own.
 *
 * <p>Classified by cause, not by where an exception class comes from: an S3 {@code AccessDenied} is an AWS SDK error
 * just like an S3 {@code SlowDown}, but retrying the first only delays the page an operator needs, while the second
 * heals by itself. Iceberg wraps both in its own runtime exceptions, so the whole cause chain is looked at, and a
 * refusal anywhere in it wins over an outage further up (a wrapper reading "I/O failed" around an AccessDenied).
 */
public final class ColdOutages {

    /** What the cold tier's answer says about a retry. */
    public enum Kind {
        /** The catalog's database, the object store or the network is away or overloaded: a retry can help. */
        OUTAGE,
        /** The catalog or object store refused the request for good; an operator must change a setting. */
        REFUSED,
        /** Nothing in the cause chain comes from the cold tier's connections. */
        NOT_COLD
    }

    /**
     * PostgreSQL/SQL states (class or full code) that no retry heals: invalid authorization (28: wrong password, no
     * such role, pg_hba refusal), invalid catalog name (3D000: the database does not exist), insufficient privilege
     * (42501).
     */
    private static final Set<String> REFUSING_SQL_STATES = Set.of("28", "3D000", "42501");

    /** S3 error codes that say the request can never succeed as configured. */
    private static final Set<String> REFUSING_S3_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "NoSuchBucket", "AllAccessDisabled", "AccountProblem", "InvalidBucketName",
            "PermanentRedirect", "AuthorizationHeaderMalformed", "InvalidToken", "ExpiredToken");

    private ColdOutages() {
    }

    /** Whether a retry may heal {@code failure}: the cold tier was away, not refusing. */
    public static boolean isOutage(Throwable failure) {
        return classify(failure) == Kind.OUTAGE;
    }

    /** Whether the cold tier refused for good (see {@link Kind#REFUSED}). */
    public static boolean isRefused(Throwable failure) {
        return classify(failure) == Kind.REFUSED;
    }

    public static Kind classify(Throwable failure) {
        boolean outage = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Optional<Kind> kind = kindOf(t);
            if (kind.isPresent()) {
                if (kind.get() == Kind.REFUSED) {
                    return Kind.REFUSED;
                }
                outage = true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return outage ? Kind.OUTAGE : Kind.NOT_COLD;
    }

    private static Optional<Kind> kindOf(Throwable t) {
        if (t instanceof SQLException sql) {
            return Optional.of(refusingSqlState(sql.getSQLState()) ? Kind.REFUSED : Kind.OUTAGE);
        }
        if (t instanceof SdkServiceException service) {
            return Optional.of(refusingServiceAnswer(service) ? Kind.REFUSED : Kind.OUTAGE);
        }
        if (t instanceof SdkException // client side: no answer (network, timeout, interrupted)
                || t instanceof org.apache.iceberg.exceptions.RuntimeIOException
                || t instanceof ConnectException || t instanceof UncheckedIOException) {
            return Optional.of(Kind.OUTAGE);
        }
        return Optional.empty();
    }

    static boolean refusingSqlState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        return REFUSING_SQL_STATES.contains(state) || REFUSING_SQL_STATES.contains(state.substring(0, 2));
    }

    /**
     * An object store's answer that repeats however often it is asked: a known refusing error code, or a 4xx other
     * than throttling (429, SlowDown), a timed-out request (408) and a conflict (409, e.g. a concurrent change).
     */
    static boolean refusingServiceAnswer(SdkServiceException service) {
        if (service.isThrottlingException()) {
            return false;
        }
        if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && REFUSING_S3_CODES.contains(aws.awsErrorDetails().errorCode())) {
            return true;
        }
        int status = service.statusCode();
        return status == 301 || status == 400 || status == 401 || status == 403;
    }
}
