package io.k2.floe.coordinator.ledger;

/** A run is RUNNING until every offload task of it is finished; then SUCCEEDED unless a table failed. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED
}
