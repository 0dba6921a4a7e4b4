package io.k2.floe.coordinator.runs;

/**
 * An operator's request the coordinator will not carry out, with the HTTP status the API answers and a message that
 * names what was wrong. Nothing was changed.
 */
public class RequestRefused extends RuntimeException {

    private final int status;

    public RequestRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public static RequestRefused badRequest(String message) {
        return new RequestRefused(400, message);
    }

    public static RequestRefused notFound(String message) {
        return new RequestRefused(404, message);
    }

    public static RequestRefused conflict(String message) {
        return new RequestRefused(409, message);
    }

    public int status() {
        return status;
    }
}
