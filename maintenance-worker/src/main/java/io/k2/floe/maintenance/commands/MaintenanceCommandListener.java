package io.k2.floe.maintenance.commands;

import io.k2.floe.maintenance.MaintenanceWorkerConfig;
import io.k2.floe.tiering.broker.CommandWorker;
import io.k2.floe.tiering.broker.CommandWorkers;
import io.k2.floe.tiering.broker.TaskHandler;
import io.k2.floe.tiering.messages.TaskKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code floe.commands.maintenance} and answers each command on {@code floe.events}. Maintenance itself
 * arrives with a later issue; until then every valid command is answered NOT_IMPLEMENTED.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class MaintenanceCommandListener {

    private final CommandWorker worker;

    public MaintenanceCommandListener(
            CommandWorkers workers, MaintenanceWorkerConfig config,
            @Channel("events") MutinyEmitter<String> events,
            @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
        this.worker = workers.create(TaskKind.MAINTENANCE, config.eventSource(), TaskHandler.notImplemented(TaskKind.MAINTENANCE),
                events, deadLetters);
    }

    @Incoming("commands")
    public Uni<Void> onCommand(Message<byte[]> command) {
        return worker.answer(command);
    }
}
