package io.k2.floe.coordinator.markers;

import java.time.Instant;
import java.util.Objects;

/**
 * How the ledger's copy of a table's marker follows Iceberg's (R-EXACTLY-ONCE in docs/requirements.md: Iceberg wins), and which moves need
 * an operator to know. Pure: the reconciler applies the move to the ledger and raises or resolves the alerts.
 *
 * <p>Iceberg wins, with two limits. A table whose Iceberg history holds snapshots but no findable marker is
 * {@link Kind#LOST}: the ledger keeps its marker (an empty Iceberg answer must never read as "start over", which would
 * offload every warm row again) and the table is alerted; its offloads are refused by the worker meanwhile. And a
 * move back (to an earlier marker, or to none when the cold table is gone or empty) is applied but never silently:
 * {@link Kind#BACK} is alerted.
 */
public final class LedgerMarkerMove {

    /** The move. */
    public enum Kind {
        /** Ledger and Iceberg agree (same upper bound, same snapshot): nothing to write. */
        UNCHANGED,
        /** Iceberg holds exactly the marker a worker just reported committing: the routine advance of an offload. */
        CAUGHT_UP,
        /** The ledger had no marker and Iceberg has one (e.g. after the ledger was emptied). */
        REBUILT,
        /** Iceberg is ahead of the ledger (a missed event). */
        FORWARD,
        /** Same upper bound, another snapshot (e.g. a marker restored by an operator): the ledger takes Iceberg's. */
        SAME_UPPER,
        /** Iceberg is behind the ledger, or has no marker and no history: applied, alerted. */
        BACK,
        /** Iceberg has history but no findable marker: the ledger keeps its marker, alerted. */
        LOST
    }

    private LedgerMarkerMove() {
    }

    /**
     * @param ledger         the ledger's marker upper bound (null: none)
     * @param ledgerSnapshot the snapshot the ledger's marker names (null: none)
     * @param iceberg        Iceberg's marker upper bound (null: none found)
     * @param icebergSnapshot the snapshot Iceberg's marker names (null when {@code iceberg} is)
     * @param lost           Iceberg has snapshots but no findable marker
     * @param reported       the upper bound a worker just reported committing (null: not after an offload)
     */
    public static Kind decide(Instant ledger, Long ledgerSnapshot, Instant iceberg, Long icebergSnapshot, boolean lost,
                              Instant reported) {
        if (lost) {
            return Kind.LOST;
        }
        if (Objects.equals(ledger, iceberg)) {
            return Objects.equals(ledgerSnapshot, icebergSnapshot) ? Kind.UNCHANGED : Kind.SAME_UPPER;
        }
        if (iceberg == null || (ledger != null && iceberg.isBefore(ledger))) {
            return Kind.BACK;
        }
        if (iceberg.equals(reported)) {
            return Kind.CAUGHT_UP;
        }
        return ledger == null ? Kind.REBUILT : Kind.FORWARD;
    }

    /** Whether the move takes the ledger to a later marker (the marker "advanced"). */
    public static boolean advances(Kind kind) {
        return kind == Kind.CAUGHT_UP || kind == Kind.REBUILT || kind == Kind.FORWARD;
    }
}
