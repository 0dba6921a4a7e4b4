package io.k2.floe.offload.crash;

import io.k2.floe.offload.window.CrashPoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Where the crash test kills the worker, one kill per window. A kill is either at a pause point of the offload
 * ({@link CrashPoints}: the worker stands still there and is killed; {@code after-rows:N} with a random N) or at a
 * random time after the window's warm query has started, with no pause at all (wherever reading, writing or
 * committing happens to be). The sequence comes from a seed that the test prints, so a failing run can be repeated.
 *
 * <p>In CI a reduced plan runs (one of each kind of moment: mid-write, just before and just after the commit, random,
 * frozen); {@code -Dfloe.crash.full=true} or {@code FLOE_CRASH_FULL=1} runs the full one (13), and
 * {@code -Dfloe.crash.points=before-read,after-rows,random,...} any other.
 */
final class KillPlan {

    static final String RANDOM = "random";
    /**
     * A worker frozen just before its commit until another delivery of the same command has committed (a stalled,
     * not a dead, worker); when it resumes it must find the repeat and leave the other delivery's files alone.
     */
    static final String FROZEN = "frozen";

    /**
     * One kill.
     *
     * @param pauseAt  the worker's FLOE_OFFLOAD_PAUSE_AT, or null for a kill at a random time
     * @param fraction for a random-time kill: when, as a fraction of an undisturbed offload's duration after its
     *                 warm query started
     * @param frozen   not killed at the pause point but frozen there (SIGSTOP) while another worker takes the command
     *                 over, then resumed (SIGCONT) once that one has answered, and killed after its own answer
     */
    record Kill(String pauseAt, double fraction, boolean frozen) {

        boolean atRandomTime() {
            return pauseAt == null;
        }

        /** The point's name without the row count ({@code after-rows}), {@value #RANDOM} or {@value #FROZEN}. */
        String point() {
            if (frozen) {
                return FROZEN;
            }
            if (pauseAt == null) {
                return RANDOM;
            }
            int colon = pauseAt.indexOf(':');
            return colon < 0 ? pauseAt : pauseAt.substring(0, colon);
        }

        /** Killed before the commit could start: the table must be as it was. */
        boolean beforeCommit() {
            return pauseAt != null && !frozen && !point().equals(CrashPoints.AFTER_COMMIT);
        }

        @Override
        public String toString() {
            return frozen ? FROZEN + "@" + pauseAt
                    : pauseAt != null ? pauseAt : String.format(Locale.ROOT, "random@%.2f", fraction);
        }
    }

    static final List<String> CI = List.of(CrashPoints.AFTER_ROWS, CrashPoints.BEFORE_COMMIT, CrashPoints.AFTER_COMMIT,
            RANDOM, FROZEN);
    static final List<String> FULL = List.of(
            CrashPoints.BEFORE_READ, CrashPoints.AFTER_ROWS, RANDOM, CrashPoints.BEFORE_CLOSE_FILES,
            CrashPoints.AFTER_ROWS, CrashPoints.BEFORE_COMMIT, RANDOM, CrashPoints.AFTER_COMMIT,
            CrashPoints.AFTER_ROWS, RANDOM, CrashPoints.BEFORE_COMMIT, CrashPoints.AFTER_COMMIT, FROZEN);

    private KillPlan() {
    }

    /** Whether the full plan was asked for. */
    static boolean full() {
        String env = System.getenv("FLOE_CRASH_FULL");
        return Boolean.getBoolean("floe.crash.full") || "1".equals(env) || "true".equalsIgnoreCase(env);
    }

    /** The kills for this run: {@code floe.crash.points} if set, else the full or the CI plan. */
    static List<Kill> kills(long seed, long rowsPerWindow) {
        String asked = System.getProperty("floe.crash.points", "").strip();
        List<String> points = !asked.isEmpty() ? List.of(asked.split("\\s*,\\s*")) : full() ? FULL : CI;
        Random random = new Random(seed);
        List<Kill> kills = new ArrayList<>();
        for (String point : points) {
            switch (point) {
                // somewhere in the middle of the window, never at its first or last row
                case CrashPoints.AFTER_ROWS -> kills.add(new Kill(CrashPoints.AFTER_ROWS + ":"
                        + (rowsPerWindow / 20 + (long) (random.nextDouble() * rowsPerWindow * 0.9)), 0, false));
                case RANDOM -> kills.add(new Kill(null, random.nextDouble(), false));
                case FROZEN -> kills.add(new Kill(CrashPoints.BEFORE_COMMIT, 0, true));
                case CrashPoints.BEFORE_READ, CrashPoints.BEFORE_CLOSE_FILES, CrashPoints.BEFORE_COMMIT,
                     CrashPoints.AFTER_COMMIT -> kills.add(new Kill(point, 0, false));
                default -> throw new IllegalArgumentException("floe.crash.points: unknown point '" + point + "'");
            }
        }
        return kills;
    }
}
