package io.k2.floe.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to generate and where to send it. Built by {@link #parse(List, Map)} from command-line
 * arguments; every bad value is rejected with a message naming the option and the value.
 *
 * @param symbols        {@code BTC} (against each exchange's primary quote) or {@code BTC/USDT}
 * @param exchanges      exchanges to publish for
 * @param rate           messages per second of wall-clock time; 0 publishes as fast as possible
 * @param marketRate     average trades per second of simulated market time
 * @param count          total messages to publish (trades, late trades and duplicates), or null
 * @param duration       simulated period to generate, or null
 * @param seed           seed of every random choice: same seed and options give the same messages
 * @param lateShare      share of trades published minutes to hours after they happened
 * @param duplicateShare share of messages that repeat an earlier message
 * @param startTime      simulated time of the first trade
 * @param bootstrap      Kafka bootstrap servers
 * @param topicPrefix    each exchange publishes to {@code topicPrefix + exchange id}
 * @param dryRun         print messages to standard output instead of publishing
 */
public record GeneratorOptions(List<String> symbols, List<Exchange> exchanges, double rate, double marketRate,
                               Long count, Duration duration, long seed, double lateShare, double duplicateShare,
                               Instant startTime, String bootstrap, String topicPrefix, boolean dryRun) {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:19092";
    static final long DEFAULT_COUNT = 100_000;
    static final double DEFAULT_UNTHROTTLED_MARKET_RATE = 200;
    /** Kafka's topic alphabet, short enough that prefix + exchange id stays under Kafka's 249 characters. */
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public static final String USAGE = """
            Usage: generate-trades [options]
              --symbols LIST         assets or pairs, comma-separated; BTC = BTC against each exchange's
                                     primary quote (Binance USDT, Kraken USD), BTC/USDT = that pair
                                     (default %s)
              --exchanges LIST       binance,kraken (default both)
              --count N              total messages to publish, duplicates and late trades included
              --duration D           simulated period to generate instead, e.g. 90s, 15m, 2h, 1d, PT1H
                                     (default: --count %d)
              --rate R               messages per second of wall-clock time, 0 = as fast as possible
                                     (default 0)
              --market-rate R        average trades per second of simulated market time
                                     (default --rate, or %s when --rate is 0)
              --seed N               seed; the same seed and options give the same messages (default 1)
              --late-share F         share of trades published minutes to hours late (default 0.005)
              --duplicate-share F    share of messages that repeat an earlier message (default 0.002)
              --start-time T         simulated time of the first trade, ISO-8601 (default: now)
              --bootstrap HOSTS      Kafka bootstrap servers (default $FLOE_KAFKA_BOOTSTRAP or %s)
              --topic-prefix P       publish to topics P<exchange>, e.g. a test's own (default %s)
              --dry-run              print topic, key and message per line instead of publishing
            """.formatted(AssetCatalog.DEFAULT_SYMBOLS, DEFAULT_COUNT, (int) DEFAULT_UNTHROTTLED_MARKET_RATE,
            DEFAULT_BOOTSTRAP, Exchange.DEFAULT_TOPIC_PREFIX);

    /** Thrown for unusable arguments; the message names the option and the value. */
    public static final class InvalidOptionsException extends IllegalArgumentException {
        InvalidOptionsException(String message) {
            super(message);
        }
    }

    /** The topic the exchange's messages go to. */
    public String topicOf(Exchange exchange) {
        return exchange.topic(topicPrefix);
    }

    /** The instruments these options describe, with trade ids positioned for the start time. */
    public List<Instrument> instruments() {
        return AssetCatalog.instruments(symbols, exchanges, startTime.getEpochSecond());
    }

    public static GeneratorOptions parse(List<String> args, Map<String, String> environment) {
        List<String> symbols = split(AssetCatalog.DEFAULT_SYMBOLS);
        List<Exchange> exchanges = List.of(Exchange.values());
        double rate = 0;
        Double marketRate = null;
        Long count = null;
        Duration duration = null;
        long seed = 1;
        double lateShare = 0.005;
        double duplicateShare = 0.002;
        Instant startTime = null;
        String bootstrap = environment.getOrDefault("FLOE_KAFKA_BOOTSTRAP", DEFAULT_BOOTSTRAP);
        String topicPrefix = Exchange.DEFAULT_TOPIC_PREFIX;
        boolean dryRun = false;

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (!name.startsWith("--")) {
                throw new InvalidOptionsException("unexpected argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new InvalidOptionsException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--symbols" -> symbols = split(value);
                case "--exchanges" -> exchanges = exchanges(value);
                case "--rate" -> rate = nonNegative(name, value);
                case "--market-rate" -> marketRate = positive(name, value);
                case "--count" -> count = positiveLong(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--seed" -> seed = parseLong(name, value);
                case "--late-share" -> lateShare = share(name, value);
                case "--duplicate-share" -> duplicateShare = share(name, value);
                case "--start-time" -> startTime = instant(name, value);
                case "--bootstrap" -> bootstrap = value;
                case "--topic-prefix" -> topicPrefix = topicPrefix(name, value);
                default -> throw new InvalidOptionsException("unknown option '" + name + "'");
            }
        }
        if (count != null && duration != null) {
            throw new InvalidOptionsException("give either --count or --duration, not both");
        }
        if (count == null && duration == null) {
            count = DEFAULT_COUNT;
        }
        if (symbols.isEmpty()) {
            throw new InvalidOptionsException("--symbols is empty");
        }
        if (lateShare + duplicateShare >= 1) {
            throw new InvalidOptionsException("--late-share plus --duplicate-share must stay below 1");
        }
        if (startTime == null) {
            startTime = Instant.ofEpochMilli(System.currentTimeMillis());
        }
        double resolvedMarketRate = marketRate != null ? marketRate : rate > 0 ? rate : DEFAULT_UNTHROTTLED_MARKET_RATE;
        GeneratorOptions options = new GeneratorOptions(List.copyOf(symbols), exchanges, rate, resolvedMarketRate, count,
                duration, seed, lateShare, duplicateShare, startTime, bootstrap, topicPrefix, dryRun);
        try {
            options.instruments();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException("--symbols: " + e.getMessage());
        }
        return options;
    }

    private static String topicPrefix(String name, String value) {
        if (!TOPIC_PREFIX.matcher(value).matches()) {
            throw new InvalidOptionsException(name + ": '" + value
                    + "' is not a topic name prefix (1 to 200 letters, digits, '.', '_', '-')");
        }
        return value;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static List<Exchange> exchanges(String value) {
        List<Exchange> exchanges = new ArrayList<>();
        for (String id : split(value)) {
            try {
                Exchange exchange = Exchange.fromId(id);
                if (!exchanges.contains(exchange)) {
                    exchanges.add(exchange);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--exchanges: " + e.getMessage());
            }
        }
        if (exchanges.isEmpty()) {
            throw new InvalidOptionsException("--exchanges is empty (known: " + Arrays.stream(Exchange.values())
                    .map(Exchange::id).toList() + ")");
        }
        return List.copyOf(exchanges);
    }

    private static double parseDouble(String name, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException(name + ": '" + value + "' is not a number");
        }
    }

    private static double nonNegative(String name, String value) {
        double parsed = parseDouble(name, value);
        if (parsed < 0) {
            throw new InvalidOptionsException(name + ": '" + value + "' must not be negative");
        }
        return parsed;
    }

    private static double positive(String name, String value) {
        double parsed = parseDouble(name, value);
        if (parsed <= 0) {
            throw new InvalidOptionsException(name + ": '" + value + "' must be positive");
        }
        return parsed;
    }

    private static double share(String name, String value) {
        double parsed = parseDouble(name, value);
        if (parsed < 0 || parsed >= 1) {
            throw new InvalidOptionsException(name + ": '" + value + "' must be a share in [0, 1)");
        }
        return parsed;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException(name + ": '" + value + "' is not a whole number");
        }
    }

    private static long positiveLong(String name, String value) {
        long parsed = parseLong(name, value);
        if (parsed <= 0) {
            throw new InvalidOptionsException(name + ": '" + value + "' must be positive");
        }
        return parsed;
    }

    private static Duration duration(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Duration parsed;
        try {
            if (text.startsWith("p")) {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else {
                char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                parsed = switch (unit) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (RuntimeException e) {
            throw new InvalidOptionsException(name + ": '" + value + "' is not a duration (e.g. 90s, 15m, 2h, 1d, PT1H)");
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new InvalidOptionsException(name + ": '" + value + "' must be positive");
        }
        return parsed;
    }

    private static Instant instant(String name, String value) {
        if (value.equalsIgnoreCase("now")) {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidOptionsException(name + ": '" + value + "' is not an ISO-8601 instant such as 2025-01-01T00:00:00Z");
        }
    }
}
