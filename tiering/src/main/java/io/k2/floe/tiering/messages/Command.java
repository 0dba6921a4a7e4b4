package io.k2.floe.tiering.messages;

import java.time.Instant;

/**
 * A task the coordinator asks a worker to do. Delivered at least once: workers make the effect
 * idempotent by {@link #commandId()} (a retry re-sends the same command id with a higher
 * {@link #attempt()}).
 */
public sealed interface Command permits OffloadCommand, MaintenanceCommand, AuditCommand {

    /** Unique id of the task; also the CloudEvent {@code id}. Stays the same across retries. */
    String commandId();

    /** The coordinator run the task belongs to. */
    String runId();

    /** The catalog table id the task is about; also the CloudEvent {@code subject} and the broker key. */
    String table();

    /** 1 for the first delivery, incremented by each retry the coordinator sends. */
    int attempt();

    /** When the coordinator issued this attempt; also the CloudEvent {@code time}. */
    Instant issuedAt();

    /** The kind of task, which decides the topic and the worker. */
    TaskKind kind();
}
