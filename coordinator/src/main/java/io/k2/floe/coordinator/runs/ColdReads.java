package io.k2.floe.coordinator.runs;

import java.util.function.Supplier;

/**
 * A request's look at the cold tier (a marker, a snapshot): when Iceberg cannot be read, the request is refused with
 * 503 and a message saying what could not be read, rather than failing with a 500. An unreachable ledger stays what it
 * is (the API answers it as such).
 */
final class ColdReads {

    private ColdReads() {
    }

    static <T> T orRefuse(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RequestRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            if (LedgerUnavailable.isCause(e)) {
                throw e;
            }
            throw new RequestRefused(503, "cannot read " + what + " from the cold tier (Iceberg): " + e.getMessage());
        }
    }
}
