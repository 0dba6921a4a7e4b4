package io.k2.floe.generator;

/**
 * One executed trade as the simulated market produced it.
 *
 * @param instrument    where it traded
 * @param tradeId       the exchange's trade id (per instrument, counting up)
 * @param priceUnits    price in 10^-8 units of the quote asset, a whole number of ticks
 * @param quantityUnits quantity in 10^-8 units of the base asset, a whole number of lots
 * @param takerBuys     true when the aggressor (taker) bought, i.e. the buyer was not the maker
 * @param tradeTimeUs   execution time, microseconds since the epoch (UTC)
 * @param eventTimeUs   time the exchange emitted the message (Binance {@code E}), microseconds since the epoch
 * @param marketOrder   whether the taker order was a market order (Kraken {@code ord_type})
 */
public record Trade(Instrument instrument, long tradeId, long priceUnits, long quantityUnits, boolean takerBuys,
                    long tradeTimeUs, long eventTimeUs, boolean marketOrder) {
}
