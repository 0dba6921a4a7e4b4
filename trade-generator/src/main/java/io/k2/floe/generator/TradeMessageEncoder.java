package io.k2.floe.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes trades in each exchange's own message format, byte for byte as the exchange's stream carries
 * them, so that the warm tier parses what production parses:
 * <ul>
 *   <li>Binance trade stream with {@code timeUnit=MICROSECOND}:
 *   {@code {"e":"trade","E":…,"s":"BTCUSDT","t":…,"p":"97123.45000000","q":"0.01230000","T":…,"m":true,"M":true}}
 *   (prices and quantities as strings with eight decimals, times in microseconds);</li>
 *   <li>Kraken WebSocket v2 trade object, one per message:
 *   {@code {"symbol":"BTC/USD","side":"buy","price":97123.4,"qty":0.0123,"ord_type":"market","trade_id":…,"timestamp":"2025-01-01T00:00:00.123456Z"}}
 *   (prices and quantities as JSON numbers, RFC 3339 time with microseconds).</li>
 * </ul>
 * Not thread-safe: one encoder per producing thread.
 */
final class TradeMessageEncoder {

    private static final DateTimeFormatter SECOND_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder text = new StringBuilder(256);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;

    byte[] encode(Trade trade) {
        text.setLength(0);
        switch (trade.instrument().exchange()) {
            case BINANCE -> binance(trade);
            case KRAKEN -> kraken(trade);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void binance(Trade trade) {
        text.append("{\"e\":\"trade\",\"E\":").append(trade.eventTimeUs())
                .append(",\"s\":\"").append(trade.instrument().exchangeSymbol())
                .append("\",\"t\":").append(trade.tradeId())
                .append(",\"p\":\"");
        FixedPoint.append(text, trade.priceUnits(), false);
        text.append("\",\"q\":\"");
        FixedPoint.append(text, trade.quantityUnits(), false);
        text.append("\",\"T\":").append(trade.tradeTimeUs())
                .append(",\"m\":").append(!trade.takerBuys())
                .append(",\"M\":true}");
    }

    private void kraken(Trade trade) {
        text.append("{\"symbol\":\"").append(trade.instrument().exchangeSymbol())
                .append("\",\"side\":\"").append(trade.takerBuys() ? "buy" : "sell")
                .append("\",\"price\":");
        FixedPoint.append(text, trade.priceUnits(), true);
        text.append(",\"qty\":");
        FixedPoint.append(text, trade.quantityUnits(), true);
        text.append(",\"ord_type\":\"").append(trade.marketOrder() ? "market" : "limit")
                .append("\",\"trade_id\":").append(trade.tradeId())
                .append(",\"timestamp\":\"");
        appendRfc3339Micros(trade.tradeTimeUs());
        text.append("\"}");
    }

    private void appendRfc3339Micros(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        long micros = Math.floorMod(epochMicros, 1_000_000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedSecondText = SECOND_FORMAT.format(Instant.ofEpochSecond(second));
        }
        text.append(cachedSecondText).append('.');
        String digits = Long.toString(micros);
        for (int pad = 6 - digits.length(); pad > 0; pad--) {
            text.append('0');
        }
        text.append(digits).append('Z');
    }
}
