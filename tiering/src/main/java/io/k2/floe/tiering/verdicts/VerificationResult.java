package io.k2.floe.tiering.verdicts;

import java.util.Objects;

/**
 * Whether a partition is verified (cold holds what the warm tier held, as an audit proved), and why or why not,
 * in words for logs and events: e.g. {@code snapshot 123 expired}.
 */
public record VerificationResult(boolean verified, String reason) {

    public VerificationResult {
        Objects.requireNonNull(reason, "reason");
    }

    static VerificationResult verified(String reason) {
        return new VerificationResult(true, reason);
    }

    static VerificationResult notVerified(String reason) {
        return new VerificationResult(false, reason);
    }
}
