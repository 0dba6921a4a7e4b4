package io.k2.floe.maintenance.commands;

/** A maintenance command's option that is unknown or cannot be read; answered INVALID_COMMAND, nothing changed. */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    public InvalidOptionException(String option, String detail) {
        super("option '" + option + "': " + detail);
        this.option = option;
    }

    /** The option's key. */
    public String option() {
        return option;
    }
}
