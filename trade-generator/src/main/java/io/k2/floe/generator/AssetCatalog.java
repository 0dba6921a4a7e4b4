package io.k2.floe.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The assets and quote currencies the generator knows, with realistic prices, tick sizes, lot steps
 * and trade-id magnitudes (Binance ids run in the billions for the majors, Kraken's in the millions).
 */
final class AssetCatalog {

    /** 2025-01-01T00:00:00Z: the moment the reference trade ids below describe. */
    static final long REFERENCE_EPOCH_SECOND = 1_735_689_600L;

    /** Default {@code --symbols}: bare assets trade against each exchange's primary quote. */
    static final String DEFAULT_SYMBOLS = "BTC,ETH,SOL,XRP,DOGE,ADA,LINK,LTC,BTC/USDT,ETH/USDT";

    private static final long E8 = 100_000_000L;

    private static final Map<String, AssetProfile> ASSETS = new LinkedHashMap<>();
    private static final Map<String, Double> QUOTES_IN_USD = new LinkedHashMap<>();

    static {
        add(new AssetProfile("BTC", 97_000, 0.55, 30, units("0.01"), units("0.00001"), units("0.1"), 1,
                4_300_000_000L, 82_000_000L));
        add(new AssetProfile("ETH", 3_400, 0.70, 20, units("0.01"), units("0.0001"), units("0.01"), 1,
                2_100_000_000L, 61_000_000L));
        add(new AssetProfile("SOL", 240, 0.85, 12, units("0.01"), units("0.001"), units("0.01"), 1,
                1_000_000_000L, 19_000_000L));
        add(new AssetProfile("XRP", 1.4, 0.90, 10, units("0.0001"), units("0.1"), units("0.00001"), 1,
                900_000_000L, 15_000_000L));
        add(new AssetProfile("DOGE", 0.39, 1.00, 9, units("0.00001"), units("1"), units("0.0000001"), 1,
                800_000_000L, 12_000_000L));
        add(new AssetProfile("ADA", 1.05, 0.95, 5, units("0.0001"), units("0.1"), units("0.000001"), 1,
                600_000_000L, 9_000_000L));
        add(new AssetProfile("LINK", 22, 0.90, 4, units("0.01"), units("0.01"), units("0.00001"), 1,
                650_000_000L, 7_000_000L));
        add(new AssetProfile("LTC", 100, 0.80, 4, units("0.01"), units("0.001"), units("0.01"), 1,
                500_000_000L, 8_000_000L));
        add(new AssetProfile("AVAX", 40, 0.95, 3, units("0.01"), units("0.01"), units("0.01"), 1,
                400_000_000L, 5_000_000L));
        add(new AssetProfile("DOT", 7.5, 0.95, 3, units("0.001"), units("0.01"), units("0.0001"), 1,
                350_000_000L, 6_000_000L));

        QUOTES_IN_USD.put("USD", 1.0);
        QUOTES_IN_USD.put("USDT", 0.9998);
        QUOTES_IN_USD.put("USDC", 1.0);
        QUOTES_IN_USD.put("EUR", 1.05);
    }

    private AssetCatalog() {
    }

    private static void add(AssetProfile profile) {
        ASSETS.put(profile.base(), profile);
    }

    private static long units(String decimal) {
        return new java.math.BigDecimal(decimal).movePointRight(FixedPoint.SCALE).longValueExact();
    }

    static AssetProfile asset(String base) {
        AssetProfile profile = ASSETS.get(base);
        if (profile == null) {
            throw new IllegalArgumentException("unknown asset '" + base + "' (known: " + String.join(", ", ASSETS.keySet()) + ")");
        }
        return profile;
    }

    static double quoteInUsd(String quote) {
        Double value = QUOTES_IN_USD.get(quote);
        if (value == null) {
            throw new IllegalArgumentException("unknown quote asset '" + quote + "' (known: " + String.join(", ", QUOTES_IN_USD.keySet()) + ")");
        }
        return value;
    }

    /**
     * Resolves {@code --symbols} entries for the chosen exchanges. {@code BTC} means BTC against each
     * exchange's primary quote; {@code BTC/USDT} means exactly that pair on every chosen exchange. The
     * same pair named twice is listed once.
     *
     * @param startEpochSecond start of the generated period; trade ids are positioned for it
     */
    static List<Instrument> instruments(List<String> symbols, List<Exchange> exchanges, long startEpochSecond) {
        Map<String, Pair> pairsByKey = new LinkedHashMap<>();
        List<Instrument> instruments = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            for (String symbol : symbols) {
                Pair pair = parsePair(symbol, exchange);
                String key = exchange.id() + ":" + pair.canonical();
                if (pairsByKey.putIfAbsent(key, pair) != null) {
                    continue;
                }
                AssetProfile profile = asset(pair.base());
                double quoteUsd = quoteInUsd(pair.quote());
                double weight = exchange.marketShare() * (pair.quote().equals(exchange.primaryQuote()) ? 1.0 : 0.25);
                instruments.add(new Instrument(exchange, pair, exchange.exchangeSymbol(pair), profile.tick(exchange),
                        profile.lot(exchange), firstTradeId(profile, exchange, pair, startEpochSecond), quoteUsd, weight));
            }
        }
        return instruments;
    }

    static Pair parsePair(String symbol, Exchange exchange) {
        String text = symbol.trim().toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        int slash = text.indexOf('/');
        Pair pair = slash < 0 ? new Pair(text, exchange.primaryQuote())
                : new Pair(text.substring(0, slash), text.substring(slash + 1));
        asset(pair.base());
        quoteInUsd(pair.quote());
        return pair;
    }

    /**
     * Trade ids grow with time at roughly the pair's usual pace, so that runs over different periods
     * do not reuse each other's ids (the warm tier deduplicates on them).
     */
    private static long firstTradeId(AssetProfile profile, Exchange exchange, Pair pair, long startEpochSecond) {
        long perSecond = Math.max(1, Math.round(profile.activity() * (exchange == Exchange.BINANCE ? 4.0 : 0.5)));
        long reference = profile.referenceTradeId(exchange) + (pair.quote().equals(exchange.primaryQuote()) ? 0 : 7_000_000L);
        long id = reference + (startEpochSecond - REFERENCE_EPOCH_SECOND) * perSecond;
        return id >= 1 ? id : 1 + Math.floorMod(id, reference);
    }
}
