package io.k2.floe.offload.commands;

import io.k2.floe.offload.OffloadWorkerConfig;
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
 * Consumes {@code floe.commands.offload} and answers each command on {@code floe.events}. Offloading itself
 * arrives with a later issue; until then every valid command is answered NOT_IMPLEMENTED.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class OffloadCommandListener {

    private final CommandWorker worker;

    public OffloadCommandListener(
            CommandWorkers workers, OffloadWorkerConfig config,
            @Channel("events") MutinyEmitter<String> events,
            @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
        this.worker = workers.create(TaskKind.OFFLOAD, config.eventSource(), TaskHandler.notImplemented(TaskKind.OFFLOAD),
                events, deadLetters);
    }

    @Incoming("commands")
    public Uni<Void> onCommand(Message<byte[]> command) {
        return worker.answer(command);
    }
}
