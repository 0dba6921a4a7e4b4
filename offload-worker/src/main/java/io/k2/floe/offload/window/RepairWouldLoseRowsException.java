package io.k2.floe.offload.window;

/**
 * A repair would replace a cold partition with fewer rows than it holds: the warm tier no longer has some of them
 * ({@link RepairGuard}). Answered {@code REPAIR_WOULD_LOSE_ROWS}, never retried: the warm tier will not get them back.
 */
final class RepairWouldLoseRowsException extends RuntimeException {

    RepairWouldLoseRowsException(String message) {
        super(message, null, false, false);
    }
}
