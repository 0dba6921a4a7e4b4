package io.k2.floe.coordinator.runs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** Run ids people can read and sort: {@code run-20260302T101500Z-3f0c}, {@code backfill-...}, {@code repair-...}. */
final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    static String next(String prefix, Instant at) {
        return prefix + "-" + STAMP.format(at) + "-" + UUID.randomUUID().toString().substring(0, 4);
    }
}
