package io.k2.floe.endtoend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses the next fault: always one of the kinds injected least often so far, the tie broken by the seeded random.
 * So every kind gets its share however short the run (n faults give each of k kinds n/k or one more), and the same
 * seed gives the same sequence, which makes a failing run replayable.
 */
final class FaultPicker {

    private final Random random;
    private final Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);

    FaultPicker(Random random) {
        this.random = random;
        for (FaultKind kind : FaultKind.values()) {
            counts.put(kind, 0);
        }
    }

    FaultKind next() {
        int least = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        List<FaultKind> candidates = new ArrayList<>();
        counts.forEach((kind, count) -> {
            if (count == least) {
                candidates.add(kind);
            }
        });
        FaultKind kind = candidates.get(random.nextInt(candidates.size()));
        counts.merge(kind, 1, Integer::sum);
        return kind;
    }

    /** Faults picked so far, by kind (every kind, zeros included). */
    Map<FaultKind, Integer> counts() {
        return Map.copyOf(counts);
    }
}
