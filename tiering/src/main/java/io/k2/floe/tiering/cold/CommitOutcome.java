package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;

/**
 * What a window commit did.
 *
 * @param repeat     true when the window or command was already committed and nothing was written now
 * @param snapshotId the snapshot holding the window: the new one, or for a repeat the one that committed it earlier
 * @param marker     the marker in that snapshot (for a repeat, the earlier command's)
 */
public record CommitOutcome(boolean repeat, long snapshotId, OffloadMarker marker) {
}
