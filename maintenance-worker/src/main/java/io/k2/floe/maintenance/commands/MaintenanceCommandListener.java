package io.k2.floe.maintenance.commands;

import io.k2.floe.maintenance.MaintenanceWorkerConfig;
import io.k2.floe.tiering.broker.CommandWorker;
import io.k2.floe.tiering.broker.CommandWorkers;
import io.k2.floe.tiering.broker.TaskAnswer;
import io.k2.floe.tiering.broker.TaskHandler;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes {@code floe.commands.maintenance} and answers each command on {@code floe.events}: a valid command is
 * handed to the {@link MaintenanceStep} of its action on a worker thread (the events a step reports, e.g. each warm
 * partition dropped, are published before its answer), one command at a time (commands are keyed by table, so one
 * table's maintenance never runs twice at once), and acknowledged only after its answer is on the broker. An action
 * without a step is answered NOT_IMPLEMENTED. Every task a step performs is counted and timed by table, action and
 * outcome ({@link MaintenanceMetrics}).
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class MaintenanceCommandListener {

    private final CommandWorker worker;

    public MaintenanceCommandListener(
            CommandWorkers workers, MaintenanceWorkerConfig config, @All List<MaintenanceStep> steps,
            MaintenanceMetrics metrics,
            @Channel("events") MutinyEmitter<String> events,
            @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
        this.worker = workers.create(TaskKind.MAINTENANCE, config.eventSource(), handler(steps, metrics), events,
                deadLetters);
    }

    private static TaskHandler handler(List<MaintenanceStep> steps, MaintenanceMetrics metrics) {
        Map<MaintenanceAction, MaintenanceStep> byAction = new EnumMap<>(MaintenanceAction.class);
        for (MaintenanceStep step : steps) {
            if (byAction.putIfAbsent(step.action(), step) != null) {
                throw new IllegalStateException("two maintenance steps perform " + step.action());
            }
        }
        TaskHandler missing = TaskHandler.notImplemented(TaskKind.MAINTENANCE);
        return new TaskHandler() {
            @Override
            public Uni<Event> handle(Command command) {
                return answer(command).map(TaskAnswer::answer);
            }

            @Override
            public Uni<TaskAnswer> answer(Command command) {
                if (!(command instanceof MaintenanceCommand maintenance) || !byAction.containsKey(maintenance.action())) {
                    return missing.answer(command);
                }
                MaintenanceStep step = byAction.get(maintenance.action());
                return Uni.createFrom().item(() -> performCounted(step, maintenance, metrics))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
        };
    }

    /** Performs {@code command}, never throwing (a step's unexpected failure is answered INTERNAL), and counts it. */
    static TaskAnswer performCounted(MaintenanceStep step, MaintenanceCommand command, MaintenanceMetrics metrics) {
        long start = System.nanoTime();
        TaskAnswer answer;
        try {
            answer = step.answer(command);
        } catch (RuntimeException e) {
            answer = TaskAnswer.of(MaintenanceFailures.answer(command, e));
        }
        String outcome = switch (answer.answer()) {
            case MaintenanceCompleted done -> done.dryRun() ? MaintenanceMetrics.DRY_RUN : MaintenanceMetrics.COMPLETED;
            case TaskFailed failed -> failed.errorType();
            default -> "other";
        };
        metrics.task(command.table(), command.action(), outcome, Duration.ofNanos(System.nanoTime() - start));
        return answer;
    }

    @Incoming("commands")
    public Uni<Void> onCommand(Message<byte[]> command) {
        return worker.answer(command);
    }
}
