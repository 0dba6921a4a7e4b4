package io.k2.floe.audit.commands;

import io.k2.floe.audit.AuditorConfig;
import io.k2.floe.audit.compare.TableAudit;
import io.k2.floe.tiering.broker.CommandWorker;
import io.k2.floe.tiering.broker.CommandWorkers;
import io.k2.floe.tiering.broker.TaskHandler;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.TaskKind;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code floe.commands.audit} and answers each command on {@code floe.events}: valid commands are audited by
 * {@link TableAudit} on a worker thread (one at a time), and the command is acknowledged only after its answer is on
 * the broker — a crash mid-audit means the command is audited again, which changes nothing but the verdict's time.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class AuditCommandListener {

    private final CommandWorker worker;

    public AuditCommandListener(
            CommandWorkers workers, AuditorConfig config, TableAudit audit,
            @Channel("events") MutinyEmitter<String> events,
            @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
        this.worker = workers.create(TaskKind.AUDIT, config.eventSource(), handler(audit), events, deadLetters);
    }

    private static TaskHandler handler(TableAudit audit) {
        return command -> {
            if (!(command instanceof AuditCommand auditCommand)) {
                return TaskHandler.notImplemented(TaskKind.AUDIT).handle(command);
            }
            return Uni.createFrom().item(() -> audit.audit(auditCommand))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        };
    }

    @Incoming("commands")
    public Uni<Void> onCommand(Message<byte[]> command) {
        return worker.answer(command);
    }
}
