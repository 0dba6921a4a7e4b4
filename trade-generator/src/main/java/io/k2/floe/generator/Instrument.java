package io.k2.floe.generator;

/**
 * One pair as listed on one exchange. Prices and quantities are fixed-point numbers in units of
 * 10^-8 ({@link FixedPoint#SCALE} decimals), the precision both exchanges publish.
 *
 * @param exchange       where it trades
 * @param pair           base and quote asset
 * @param exchangeSymbol the exchange's own spelling of the pair
 * @param tickUnits      price increment, in 10^-8 units of the quote asset
 * @param lotUnits       quantity increment, in 10^-8 units of the base asset
 * @param firstTradeId   id of the first trade this run generates; ids then count up by one per trade
 * @param quoteInUsd     value of one unit of the quote asset in US dollars
 * @param weight         share of the base asset's trades that happen on this instrument
 */
public record Instrument(Exchange exchange, Pair pair, String exchangeSymbol, long tickUnits, long lotUnits,
                         long firstTradeId, double quoteInUsd, double weight) {
}
