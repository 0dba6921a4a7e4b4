package io.k2.floe.maintenance.retention;

import java.util.List;

/**
 * The ClickHouse partition of a warm table that holds a cold partition's rows, as {@code system.parts} lists it now.
 *
 * @param id    ClickHouse's partition id, e.g. {@code 20261120} (what {@code DROP PARTITION ID} takes)
 * @param parts the names of its active parts, sorted: a merge or an insert changes them
 */
record WarmPartition(String id, List<String> parts) {

    WarmPartition {
        parts = List.copyOf(parts);
    }
}
