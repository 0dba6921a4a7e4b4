package io.k2.floe.offload.commands;

import io.k2.floe.offload.OffloadWorkerConfig;
import io.k2.floe.offload.window.PartitionRepair;
import io.k2.floe.offload.window.WindowOffload;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
 * Consumes {@code floe.commands.offload} and answers each command on {@code floe.events}: valid commands are run by
 * {@link WindowOffload} on a worker thread (one at a time: the listener takes the next command once this one is
 * answered), and the command is acknowledged only after its answer is on the broker.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class OffloadCommandListener {

    private final CommandWorker worker;

    public OffloadCommandListener(
            CommandWorkers workers, OffloadWorkerConfig config, WindowOffload offload, PartitionRepair repair,
            @Channel("events") MutinyEmitter<String> events,
            @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
        this.worker = workers.create(TaskKind.OFFLOAD, config.eventSource(), handler(offload, repair),
                events, deadLetters);
    }

    private static TaskHandler handler(WindowOffload offload, PartitionRepair repair) {
        return command -> {
            if (!(command instanceof OffloadCommand offloadCommand)) {
                return TaskHandler.notImplemented(TaskKind.OFFLOAD).handle(command);
            }
            return Uni.createFrom().item(() -> offloadCommand.offloadKind() == OffloadKind.REPAIR
                            ? repair.repair(offloadCommand) : offload.offload(offloadCommand))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        };
    }

    @Incoming("commands")
    public Uni<Void> onCommand(Message<byte[]> command) {
        return worker.answer(command);
    }
}
