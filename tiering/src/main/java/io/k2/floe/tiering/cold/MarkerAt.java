package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;

/**
 * A marker and the snapshot whose summary holds it.
 *
 * @param marker     the committed window and the command that committed it
 * @param snapshotId the Iceberg snapshot that committed it
 */
public record MarkerAt(OffloadMarker marker, long snapshotId) {
}
