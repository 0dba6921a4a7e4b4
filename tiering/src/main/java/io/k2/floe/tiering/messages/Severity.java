package io.k2.floe.tiering.messages;

/** How urgent an alert is. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
