package io.k2.floe.tiering.messages;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every CloudEvent {@code type} Floe sends. The trailing {@code .v1} is the contract version: a change
 * that old readers would misread gets a new type ({@code .v2}) sent alongside until every reader knows it.
 */
public enum MessageType {
    OFFLOAD_COMMAND("io.k2.floe.command.offload.v1", TaskKind.OFFLOAD),
    MAINTENANCE_COMMAND("io.k2.floe.command.maintenance.v1", TaskKind.MAINTENANCE),
    AUDIT_COMMAND("io.k2.floe.command.audit.v1", TaskKind.AUDIT),
    OFFLOAD_COMPLETED("io.k2.floe.event.offload.completed.v1", TaskKind.OFFLOAD),
    MAINTENANCE_COMPLETED("io.k2.floe.event.maintenance.completed.v1", TaskKind.MAINTENANCE),
    AUDIT_COMPLETED("io.k2.floe.event.audit.completed.v1", TaskKind.AUDIT),
    OFFLOAD_FAILED("io.k2.floe.event.offload.failed.v1", TaskKind.OFFLOAD),
    MAINTENANCE_FAILED("io.k2.floe.event.maintenance.failed.v1", TaskKind.MAINTENANCE),
    AUDIT_FAILED("io.k2.floe.event.audit.failed.v1", TaskKind.AUDIT),
    RUN_COMPLETED("io.k2.floe.event.run.completed.v1", null),
    ALERT_RAISED("io.k2.floe.event.alert.raised.v1", null),
    ALERT_RESOLVED("io.k2.floe.event.alert.resolved.v1", null),
    RETENTION_DROPPED("io.k2.floe.event.retention.dropped.v1", null);

    private final String type;
    private final TaskKind taskKind;

    MessageType(String type, TaskKind taskKind) {
        this.type = type;
        this.taskKind = taskKind;
    }

    /** The CloudEvent {@code type} attribute. */
    public String type() {
        return type;
    }

    /** The task kind of a command or task event; empty for run, alert and retention events. */
    public Optional<TaskKind> taskKind() {
        return Optional.ofNullable(taskKind);
    }

    /** Whether this is a command type (else an event type). */
    public boolean isCommand() {
        return type.startsWith("io.k2.floe.command.");
    }

    /** The type with this CloudEvent {@code type} attribute, if Floe knows it. */
    public static Optional<MessageType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    /** The type of a command. */
    public static MessageType of(Command command) {
        return switch (command) {
            case OffloadCommand c -> OFFLOAD_COMMAND;
            case MaintenanceCommand c -> MAINTENANCE_COMMAND;
            case AuditCommand c -> AUDIT_COMMAND;
        };
    }

    /** The type of an event; a {@link TaskFailed}'s type depends on its kind. */
    public static MessageType of(Event event) {
        return switch (event) {
            case OffloadCompleted e -> OFFLOAD_COMPLETED;
            case MaintenanceCompleted e -> MAINTENANCE_COMPLETED;
            case AuditCompleted e -> AUDIT_COMPLETED;
            case TaskFailed e -> switch (e.kind()) {
                case OFFLOAD -> OFFLOAD_FAILED;
                case MAINTENANCE -> MAINTENANCE_FAILED;
                case AUDIT -> AUDIT_FAILED;
            };
            case RunCompleted e -> RUN_COMPLETED;
            case AlertRaised e -> ALERT_RAISED;
            case AlertResolved e -> ALERT_RESOLVED;
            case WarmPartitionDropped e -> RETENTION_DROPPED;
        };
    }

    static String names(boolean commands) {
        return Arrays.stream(values()).filter(t -> t.isCommand() == commands).map(MessageType::type)
                .collect(Collectors.joining(", "));
    }
}
