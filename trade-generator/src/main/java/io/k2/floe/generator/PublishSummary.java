package io.k2.floe.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** What a run published, per exchange and kind of message, and how fast. */
public final class PublishSummary {

    private final Map<Exchange, long[]> byExchange = new EnumMap<>(Exchange.class);
    private long firstTradeUs = Long.MAX_VALUE;
    private long lastTradeUs = Long.MIN_VALUE;
    private Duration elapsed = Duration.ZERO;

    void record(OutboundMessage message) {
        long[] counts = byExchange.computeIfAbsent(message.exchange(), e -> new long[OutboundMessage.Kind.values().length]);
        counts[message.kind().ordinal()]++;
        firstTradeUs = Math.min(firstTradeUs, message.trade().tradeTimeUs());
        lastTradeUs = Math.max(lastTradeUs, message.trade().tradeTimeUs());
    }

    void finish(Duration elapsed) {
        this.elapsed = elapsed;
    }

    /** Messages published for {@code exchange}: trades (on time and late) plus duplicates. */
    public long published(Exchange exchange) {
        long[] counts = byExchange.get(exchange);
        return counts == null ? 0 : counts[0] + counts[1] + counts[2];
    }

    /** Messages of one kind published for {@code exchange}. */
    public long published(Exchange exchange, OutboundMessage.Kind kind) {
        long[] counts = byExchange.get(exchange);
        return counts == null ? 0 : counts[kind.ordinal()];
    }

    public long total() {
        return byExchange.keySet().stream().mapToLong(this::published).sum();
    }

    public long total(OutboundMessage.Kind kind) {
        return byExchange.keySet().stream().mapToLong(e -> published(e, kind)).sum();
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** Earliest trade time published, microseconds since the epoch. */
    public long firstTradeUs() {
        return firstTradeUs;
    }

    /** Latest trade time published, microseconds since the epoch. */
    public long lastTradeUs() {
        return lastTradeUs;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %12s %12s %10s %10s%n", "exchange", "published", "trades", "late", "duplicates"));
        for (Map.Entry<Exchange, long[]> entry : byExchange.entrySet()) {
            long[] c = entry.getValue();
            out.append(String.format("%-10s %12d %12d %10d %10d%n", entry.getKey().id(), c[0] + c[1] + c[2], c[0] + c[1],
                    c[1], c[2]));
        }
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        out.append(String.format("%-10s %12d %12d %10d %10d%n", "total", total(),
                total(OutboundMessage.Kind.ON_TIME) + total(OutboundMessage.Kind.LATE), total(OutboundMessage.Kind.LATE),
                total(OutboundMessage.Kind.DUPLICATE)));
        if (total() > 0) {
            out.append("trade times ").append(Instant.ofEpochSecond(0, firstTradeUs * 1000)).append(" .. ")
                    .append(Instant.ofEpochSecond(0, lastTradeUs * 1000)).append('\n');
        }
        out.append(String.format("elapsed %.1f s, %.0f messages/s%n", seconds, total() / seconds));
        return out.toString();
    }
}
