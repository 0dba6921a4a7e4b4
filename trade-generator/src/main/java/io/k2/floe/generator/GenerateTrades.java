package io.k2.floe.generator;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Command line: publishes realistic Binance- and Kraken-format trades to the broker.
 * See {@link GeneratorOptions#USAGE}. Exit status 0 when everything was delivered, 2 for bad
 * options, 1 when publishing failed.
 */
public final class GenerateTrades {

    private GenerateTrades() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(GeneratorOptions.USAGE);
            return;
        }
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(Arrays.asList(args), System.getenv());
        } catch (GeneratorOptions.InvalidOptionsException e) {
            System.err.println("generate-trades: " + e.getMessage());
            System.err.print(GeneratorOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            PublishSummary summary;
            if (options.dryRun()) {
                try (MessageSink sink = PrintingMessageSink.toStandardOutput(options.topicPrefix())) {
                    summary = run(options, sink, message -> { });
                }
                System.err.print(summary.render());
            } else {
                System.out.printf("publishing to %s (topics %s) from %s, seed %d%n", options.bootstrap(),
                        options.exchanges().stream().map(options::topicOf).toList(), options.startTime(), options.seed());
                try (MessageSink sink = new KafkaMessageSink(options.bootstrap(), options.topicPrefix())) {
                    summary = run(options, sink, message -> { });
                }
                System.out.print(summary.render());
            }
        } catch (RuntimeException e) {
            System.err.println("generate-trades: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Publishes the whole feed the options describe to the broker and waits until it is delivered.
     *
     * @param observer sees every message after it was handed to the producer (tests use it to know
     *                 what was published)
     */
    public static PublishSummary publish(GeneratorOptions options, Consumer<OutboundMessage> observer) {
        try (MessageSink sink = new KafkaMessageSink(options.bootstrap(), options.topicPrefix())) {
            return run(options, sink, observer);
        }
    }

    static PublishSummary run(GeneratorOptions options, MessageSink sink, Consumer<OutboundMessage> observer) {
        TradeFeed feed = new TradeFeed(options);
        PublishSummary summary = new PublishSummary();
        long started = System.nanoTime();
        long sent = 0;
        for (OutboundMessage message = feed.next(); message != null; message = feed.next()) {
            if (options.rate() > 0) {
                pace(started, sent, options.rate());
            }
            sink.send(message);
            summary.record(message);
            observer.accept(message);
            sent++;
        }
        sink.flush();
        summary.finish(java.time.Duration.ofNanos(System.nanoTime() - started));
        return summary;
    }

    /** Sleeps until message number {@code sent} is due at {@code rate} messages per second. */
    private static void pace(long started, long sent, double rate) {
        long dueNanos = started + (long) (sent * 1e9 / rate);
        long ahead = dueNanos - System.nanoTime();
        if (ahead > 2_000_000) {
            try {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing", e);
            }
        }
    }
}
