package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    public CommandWorkers(MessageCodec codec, TableCatalog catalog, MeterRegistry registry,
                          @ConfigProperty(name = "quarkus.application.name") String service) {
        this.codec = codec;
        this.catalog = catalog;
        this.registry = registry;
        this.service = service;
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
        return new CommandWorker(kind, source, service, handler, new CommandTriage(codec, catalog), codec, registry,
                events, deadLetters);
    }
}
