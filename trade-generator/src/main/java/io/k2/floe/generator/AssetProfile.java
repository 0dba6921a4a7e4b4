package io.k2.floe.generator;

/**
 * Market parameters of one base asset: where its price starts, how much it moves, how actively it
 * trades, and each exchange's price tick, lot step and trade-id position.
 *
 * @param base              asset code, e.g. {@code BTC}
 * @param usdPrice          starting price in US dollars
 * @param annualVolatility  long-run annualised volatility of log returns (0.6 = 60 %)
 * @param activity          relative trade activity; the generator splits trades between assets by it
 * @param binanceTick       Binance price tick, in 10^-8 units
 * @param binanceLot        Binance quantity step, in 10^-8 units
 * @param krakenTick        Kraken price tick, in 10^-8 units
 * @param krakenLot         Kraken quantity step, in 10^-8 units
 * @param binanceTradeId    Binance trade id of the BTCUSDT-style pair at {@link AssetCatalog#REFERENCE_EPOCH_SECOND}
 * @param krakenTradeId     Kraken trade id of the pair at {@link AssetCatalog#REFERENCE_EPOCH_SECOND}
 */
record AssetProfile(String base, double usdPrice, double annualVolatility, double activity,
                    long binanceTick, long binanceLot, long krakenTick, long krakenLot,
                    long binanceTradeId, long krakenTradeId) {

    long tick(Exchange exchange) {
        return exchange == Exchange.BINANCE ? binanceTick : krakenTick;
    }

    long lot(Exchange exchange) {
        return exchange == Exchange.BINANCE ? binanceLot : krakenLot;
    }

    long referenceTradeId(Exchange exchange) {
        return exchange == Exchange.BINANCE ? binanceTradeId : krakenTradeId;
    }
}
