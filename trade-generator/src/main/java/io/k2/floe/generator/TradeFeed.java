package io.k2.floe.generator;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The sequence of messages to publish: the simulated market's trades in time order, with the
 * imperfections of real feeds mixed in — a share of trades held back and published minutes to hours
 * later (late), and a share of messages repeated (duplicates of one of the last
 * {@value #RECENT_CAPACITY} messages, so that a repeat may land far from its original).
 *
 * <p>With {@code --count} exactly that many messages come out, every held-back trade included; with
 * {@code --duration} trades stop at the end of the period and the held-back ones follow.
 */
public final class TradeFeed {

    static final int RECENT_CAPACITY = 50_000;
    static final double MIN_LATENESS_SECONDS = 120;
    static final double MAX_LATENESS_SECONDS = 3 * 3600;

    private record Held(long releaseUs, long sequence, OutboundMessage message) {
    }

    private final MarketSimulator market;
    private final TradeMessageEncoder encoder = new TradeMessageEncoder();
    private final Rng imperfections;
    private final double lateShare;
    private final double duplicateShare;
    private final Long count;
    private final long endUs;

    private final PriorityQueue<Held> held = new PriorityQueue<>(
            Comparator.comparingLong(Held::releaseUs).thenComparingLong(Held::sequence));
    private final OutboundMessage[] recent = new OutboundMessage[RECENT_CAPACITY];
    private long recentWritten;
    private long heldSequence;
    private long emitted;
    private Trade upcoming;
    private boolean marketClosed;

    public TradeFeed(GeneratorOptions options) {
        long startUs = options.startTime().truncatedTo(ChronoUnit.MICROS).getEpochSecond() * 1_000_000L
                + options.startTime().getNano() / 1_000;
        this.market = new MarketSimulator(options.instruments(), options.marketRate(), startUs, options.seed());
        this.imperfections = new Rng(options.seed() ^ 0x5DEECE66DL);
        this.lateShare = options.lateShare();
        this.duplicateShare = options.duplicateShare();
        this.count = options.count();
        this.endUs = options.duration() == null ? Long.MAX_VALUE
                : startUs + options.duration().toNanos() / 1_000;
    }

    /** The next message, or null when the run is complete. */
    public OutboundMessage next() {
        while (true) {
            if (count != null) {
                long remaining = count - emitted;
                if (remaining == 0) {
                    return null;
                }
                if (remaining <= held.size()) {
                    return emit(held.poll().message());
                }
            } else if (marketClosed) {
                Held due = held.poll();
                return due == null ? null : emit(due.message());
            }
            if (recentWritten > 0 && imperfections.chance(duplicateShare)) {
                return emit(duplicateOfRecent());
            }
            if (upcoming == null) {
                upcoming = market.next();
                if (upcoming.tradeTimeUs() >= endUs) {
                    marketClosed = true;
                    continue;
                }
            }
            Held due = held.peek();
            if (due != null && due.releaseUs() <= upcoming.tradeTimeUs()) {
                return emit(held.poll().message());
            }
            Trade trade = upcoming;
            upcoming = null;
            if (imperfections.chance(lateShare)) {
                long delayUs = Math.round(imperfections.logUniform(MIN_LATENESS_SECONDS, MAX_LATENESS_SECONDS) * 1e6);
                held.add(new Held(trade.tradeTimeUs() + delayUs, heldSequence++, message(trade, OutboundMessage.Kind.LATE)));
                continue;
            }
            return emit(message(trade, OutboundMessage.Kind.ON_TIME));
        }
    }

    private OutboundMessage message(Trade trade, OutboundMessage.Kind kind) {
        byte[] key = trade.instrument().exchangeSymbol().getBytes(StandardCharsets.UTF_8);
        return new OutboundMessage(trade, key, encoder.encode(trade), kind);
    }

    private OutboundMessage duplicateOfRecent() {
        int available = (int) Math.min(recentWritten, RECENT_CAPACITY);
        int back = (int) Math.min(available, Math.floor(imperfections.logUniform(1, available + 1)));
        OutboundMessage original = recent[(int) ((recentWritten - back) % RECENT_CAPACITY)];
        return new OutboundMessage(original.trade(), original.key(), original.payload(), OutboundMessage.Kind.DUPLICATE);
    }

    private OutboundMessage emit(OutboundMessage message) {
        emitted++;
        if (message.kind() != OutboundMessage.Kind.DUPLICATE) {
            recent[(int) (recentWritten++ % RECENT_CAPACITY)] = message;
        }
        return message;
    }
}
