package io.k2.floe.tiering.warm;

/**
 * A warm value cannot be represented in its column's cold type (a UInt64 above the long range, an Enum code with
 * no name). Unlike other read failures this one does not heal by itself: reading the same rows again meets the
 * same value.
 */
public class ValueOutOfRangeException extends WarmReadException {

    public ValueOutOfRangeException(String message) {
        super(message);
    }
}
