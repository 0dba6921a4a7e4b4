package io.k2.floe.maintenance.compaction;

import org.apache.iceberg.DataFile;

/**
 * A live data file of the table, as the planner sees it.
 *
 * @param partition  the label of its partition (e.g. {@code 2024-05-01})
 * @param file       the data file
 * @param rewritable whether compaction may rewrite it: written with the table's current partition spec and sort
 *                   order, and without delete files against it (the merge relies on each input being sorted and
 *                   applies no deletes)
 */
public record TableFile(String partition, DataFile file, boolean rewritable) {
}
