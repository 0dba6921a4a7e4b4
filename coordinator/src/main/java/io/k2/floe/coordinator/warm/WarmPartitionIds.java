package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.PartitionTransform;

import java.util.Optional;

/**
 * Maps a ClickHouse partition id to the cold partition label of the same rows, and back: {@code 20260301}
 * ({@code toYYYYMMDD}) is the day {@code 2026-03-01}, {@code 202603} ({@code toYYYYMM}) the month {@code 2026-03}.
 * Only these two shapes are Floe's warm partitioning (docs/warm-tier.md); anything else has no label.
 */
public final class WarmPartitionIds {

    private WarmPartitionIds() {
    }

    /** The cold label of warm partition {@code id} under {@code transform}, if it is one of its partitions. */
    public static Optional<String> label(PartitionTransform transform, String id) {
        String text = id == null ? "" : id.trim();
        String label = switch (transform.unit()) {
            case DAY -> text.matches("\\d{8}")
                    ? text.substring(0, 4) + "-" + text.substring(4, 6) + "-" + text.substring(6) : null;
            case MONTH -> text.matches("\\d{6}") ? text.substring(0, 4) + "-" + text.substring(4) : null;
            default -> null;
        };
        if (label == null) {
            return Optional.empty();
        }
        try {
            transform.startOf(label);
            return Optional.of(label);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
