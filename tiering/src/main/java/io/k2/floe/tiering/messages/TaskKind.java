package io.k2.floe.tiering.messages;

/** What a worker task does; each kind has its command type, topic and worker service. */
public enum TaskKind {
    OFFLOAD, MAINTENANCE, AUDIT
}
