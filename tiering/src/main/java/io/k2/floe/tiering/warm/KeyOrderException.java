package io.k2.floe.tiering.warm;

/**
 * A warm part did not deliver its rows in the order of the cold table's partition and cluster-by columns, so the
 * rows read so far cannot be merged into a sorted window. Thrown before anything of the window is committed; the
 * caller reads the window again with ClickHouse's sort ({@code ORDER BY}). Happens when the warm table's sorting
 * key does not start with the cold cluster-by columns, or its partitions are wider than the cold ones.
 */
public final class KeyOrderException extends WarmReadException {

    public KeyOrderException(String message) {
        super(message);
    }
}
