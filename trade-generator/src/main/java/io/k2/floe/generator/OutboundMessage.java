package io.k2.floe.generator;

/**
 * One message to publish: the exchange-format payload keyed by the exchange's symbol (so that one
 * instrument's messages stay in order on one partition).
 *
 * @param trade   the trade it carries
 * @param key     record key: the exchange symbol, UTF-8
 * @param payload record value: the exchange-format JSON, UTF-8
 * @param kind    whether it is an on-time trade, a late one, or a repeat of an earlier message
 */
public record OutboundMessage(Trade trade, byte[] key, byte[] payload, Kind kind) {

    /** How a message relates to the trade it carries. */
    public enum Kind {
        /** Published when the trade happened. */
        ON_TIME,
        /** Published minutes to hours after the trade happened (its event time is old). */
        LATE,
        /** The very same message published again. */
        DUPLICATE
    }

    public Exchange exchange() {
        return trade.instrument().exchange();
    }
}
