package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the {@link CommandWorker} of a worker service. The service keeps its own {@code @Incoming} method
 * and emitters (channel names are the service's business) and hands them over here:
 * <pre>{@code
 * worker = workers.create(TaskKind.OFFLOAD, config.eventSource(), handler, events, deadLetters);
 * }</pre>
 */
@Singleton
public class CommandWorkers {

    private final MessageCodec codec;
    private final TableCatalog catalog;
    private final MeterRegistry registry;
    private final String service;
    private final Optional<Duration> maxAge;

    /**
     * @param maxAge {@code floe.commands.max-age} (env {@code FLOE_COMMANDS_MAX_AGE}): how old a command may be when
     *               read and still be executed. Default: the coordinator's default task timeout for the kind — 20 min
     *               for offloads and audits, 2 h for maintenance — after which it has sent a newer attempt; set it to
     *               the coordinator's {@code floe.coordinator.task-timeout} (or maintenance's) when that is changed.
     */
    public CommandWorkers(MessageCodec codec, TableCatalog catalog, MeterRegistry registry,
                          @ConfigProperty(name = "quarkus.application.name") String service,
                          @ConfigProperty(name = "floe.commands.max-age") Optional<Duration> maxAge) {
        this.codec = codec;
        this.catalog = catalog;
        this.registry = registry;
        this.service = service;
        this.maxAge = maxAge;
    }

    /** {@code floe.commands.max-age} when it is not set: the coordinator's default task timeout for the kind. */
    public static Duration defaultMaxAge(TaskKind kind) {
        return kind == TaskKind.MAINTENANCE ? Duration.ofHours(2) : Duration.ofMinutes(20);
    }

    /**
     * @param kind        the kind of task the worker performs; commands of other kinds are rejected as malformed
     * @param source      CloudEvents {@code source} for the events it publishes
     * @param handler     performs accepted commands
     * @param events      emitter of the event topic (String values, CloudEvents JSON)
     * @param deadLetters emitter of the dead-letter topic (raw bytes)
     */
    public CommandWorker create(TaskKind kind, String source, TaskHandler handler, MutinyEmitter<String> events,
                                MutinyEmitter<byte[]> deadLetters) {
        CommandTriage triage = new CommandTriage(codec, catalog, Clock.systemUTC(),
                maxAge.orElse(defaultMaxAge(kind)));
        return new CommandWorker(kind, source, service, handler, triage, codec, registry,
                events, deadLetters);
    }
}
