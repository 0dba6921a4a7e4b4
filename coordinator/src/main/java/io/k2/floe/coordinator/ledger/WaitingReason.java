package io.k2.floe.coordinator.ledger;

/**
 * Why a {@link TaskStatus#WAITING} task was not sent at the last tick although it was due: stored as the task's note
 * ({@code waiting: } and the cause) so that an operator sees it in the API, and cleared once the task moves on.
 */
public record WaitingReason(String cause) {

    public String note() {
        return "waiting: " + cause;
    }
}
