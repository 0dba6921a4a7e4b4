package io.k2.floe.generator;

import static io.k2.floe.generator.FeedFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Parses every generated message back with a real JSON parser and checks it against the exchange's format. */
class MessageFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private static final List<OutboundMessage> all = messages("--count", "50000", "--seed", "11",
            "--start-time", "2025-06-01T12:00:00Z");

    @Test
    void binanceMessagesAreTradeStreamEventsInMicroseconds() throws Exception {
        int seen = 0;
        for (OutboundMessage m : all) {
            if (m.exchange() != Exchange.BINANCE) {
                continue;
            }
            seen++;
            JsonNode json = JSON.readTree(m.payload());
            assertThat(fieldNames(json)).containsExactlyInAnyOrder("e", "E", "s", "t", "p", "q", "T", "m", "M");
            Trade trade = m.trade();
            assertThat(json.get("e").asText()).isEqualTo("trade");
            assertThat(json.get("s").asText()).isEqualTo(trade.instrument().exchangeSymbol())
                    .isEqualTo(new String(m.key(), StandardCharsets.UTF_8)).matches("[A-Z]+USDT");
            assertThat(json.get("t").bigIntegerValue().longValueExact()).isEqualTo(trade.tradeId());
            assertThat(json.get("p").isTextual()).isTrue();
            assertThat(json.get("q").isTextual()).isTrue();
            BigDecimal price = new BigDecimal(json.get("p").asText());
            BigDecimal quantity = new BigDecimal(json.get("q").asText());
            assertThat(price.scale()).isEqualTo(8);
            assertThat(quantity.scale()).isEqualTo(8);
            assertOnGrid(price, trade.instrument().tickUnits(), "price " + json);
            assertOnGrid(quantity, trade.instrument().lotUnits(), "quantity " + json);
            long tradeTime = json.get("T").bigIntegerValue().longValueExact();
            long eventTime = json.get("E").bigIntegerValue().longValueExact();
            assertThat(Long.toString(tradeTime)).hasSize(16); // microseconds since the epoch
            assertThat(tradeTime).isEqualTo(trade.tradeTimeUs());
            assertThat(eventTime).isGreaterThanOrEqualTo(tradeTime);
            assertThat(json.get("m").isBoolean()).isTrue();
            assertThat(json.get("m").booleanValue()).isEqualTo(!trade.takerBuys());
            assertThat(json.get("M").booleanValue()).isTrue();
        }
        assertThat(seen).isGreaterThan(30_000);
    }

    @Test
    void krakenMessagesAreV2TradeObjectsWithNumbersAndRfc3339Times() throws Exception {
        Set<String> symbols = new TreeSet<>();
        for (OutboundMessage m : all) {
            if (m.exchange() != Exchange.KRAKEN) {
                continue;
            }
            JsonNode json = JSON.readTree(m.payload());
            assertThat(fieldNames(json)).containsExactlyInAnyOrder("symbol", "side", "price", "qty", "ord_type",
                    "trade_id", "timestamp");
            Trade trade = m.trade();
            symbols.add(json.get("symbol").asText());
            assertThat(json.get("symbol").asText()).matches("[A-Z]+/[A-Z]+");
            assertThat(json.get("side").asText()).isEqualTo(trade.takerBuys() ? "buy" : "sell");
            assertThat(json.get("ord_type").asText()).isIn("market", "limit");
            assertThat(json.get("price").isNumber()).isTrue();
            assertThat(json.get("qty").isNumber()).isTrue();
            BigDecimal price = json.get("price").decimalValue();
            BigDecimal quantity = json.get("qty").decimalValue();
            assertThat(price.movePointRight(8).longValueExact()).isEqualTo(trade.priceUnits());
            assertThat(quantity.movePointRight(8).longValueExact()).isEqualTo(trade.quantityUnits());
            assertOnGrid(price, trade.instrument().tickUnits(), "price " + json);
            assertOnGrid(quantity, trade.instrument().lotUnits(), "qty " + json);
            assertThat(json.get("trade_id").bigIntegerValue().longValueExact()).isEqualTo(trade.tradeId());
            String timestamp = json.get("timestamp").asText();
            assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            Instant parsed = Instant.parse(timestamp);
            assertThat(parsed.getEpochSecond() * 1_000_000 + parsed.getNano() / 1000).isEqualTo(trade.tradeTimeUs());
        }
        assertThat(symbols).contains("BTC/USD", "ETH/USD", "BTC/USDT", "DOGE/USD");
    }

    @Test
    void pricesArePositiveAndNearTheAssetsLevel() {
        for (OutboundMessage m : all) {
            Trade trade = m.trade();
            assertThat(trade.priceUnits()).isPositive();
            assertThat(trade.quantityUnits()).isPositive();
            double usd = trade.priceUnits() / 1e8 * trade.instrument().quoteInUsd();
            double start = AssetCatalog.asset(trade.instrument().pair().base()).usdPrice();
            assertThat(usd).as(trade.toString()).isBetween(start * 0.8, start * 1.25);
        }
    }

    private static void assertOnGrid(BigDecimal value, long stepUnits, String what) {
        BigDecimal units = value.movePointRight(8);
        assertThat(units.stripTrailingZeros().scale()).as(what).isLessThanOrEqualTo(0);
        assertThat(units.longValueExact() % stepUnits).as(what + " is a whole number of steps").isZero();
        assertThat(units.signum()).as(what).isPositive();
    }

    private static Set<String> fieldNames(JsonNode json) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
