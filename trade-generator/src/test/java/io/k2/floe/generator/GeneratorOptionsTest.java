package io.k2.floe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {

    private static GeneratorOptions parse(String... args) {
        return GeneratorOptions.parse(List.of(args), Map.of("FLOE_KAFKA_BOOTSTRAP", "10.0.0.1:9092"));
    }

    @Test
    void defaultsDescribeARealisticFeed() {
        GeneratorOptions options = parse();
        assertThat(options.count()).isEqualTo(100_000L);
        assertThat(options.duration()).isNull();
        assertThat(options.exchanges()).containsExactly(Exchange.BINANCE, Exchange.KRAKEN);
        assertThat(options.lateShare()).isEqualTo(0.005);
        assertThat(options.duplicateShare()).isEqualTo(0.002);
        assertThat(options.rate()).isZero();
        assertThat(options.marketRate()).isEqualTo(200);
        assertThat(options.bootstrap()).isEqualTo("10.0.0.1:9092");
        assertThat(options.instruments()).extracting(Instrument::exchangeSymbol)
                .contains("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "BTC/USD", "ETH/USD", "BTC/USDT")
                .doesNotHaveDuplicates();
    }

    @Test
    void valuesAreReadInBothSpellings() {
        GeneratorOptions options = parse("--duration=2h", "--rate", "500", "--seed=-3", "--start-time",
                "2025-01-01T00:00:00Z", "--bootstrap", "broker:9092", "--symbols", "btc", "--exchanges", "KRAKEN");
        assertThat(options.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(options.count()).isNull();
        assertThat(options.rate()).isEqualTo(500);
        assertThat(options.marketRate()).as("the market runs at the publishing rate").isEqualTo(500);
        assertThat(options.seed()).isEqualTo(-3);
        assertThat(options.startTime()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(options.bootstrap()).isEqualTo("broker:9092");
        assertThat(options.instruments()).extracting(Instrument::exchangeSymbol).containsExactly("BTC/USD");
        assertThat(parse("--duration", "PT90S").duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void badValuesAreRejectedNamingTheOptionAndTheValue() {
        assertRejected("unknown option '--colour'", "--colour", "red");
        assertRejected("--count: 'ten' is not a whole number", "--count", "ten");
        assertRejected("--count: '0' must be positive", "--count", "0");
        assertRejected("--rate: '-1' must not be negative", "--rate", "-1");
        assertRejected("--late-share: '1.5' must be a share in [0, 1)", "--late-share", "1.5");
        assertRejected("--duration: '5 minutes' is not a duration", "--duration", "5 minutes");
        assertRejected("--exchanges: unknown exchange 'coinbase' (known: binance, kraken)", "--exchanges", "coinbase");
        assertRejected("--symbols: unknown asset 'PEPE'", "--symbols", "BTC,PEPE");
        assertRejected("--symbols: unknown quote asset 'JPY'", "--symbols", "BTC/JPY");
        assertRejected("--start-time: 'yesterday' is not an ISO-8601 instant", "--start-time", "yesterday");
        assertRejected("give either --count or --duration, not both", "--count", "5", "--duration", "1m");
        assertRejected("--seed needs a value", "--seed");
        assertRejected("unexpected argument 'now'", "now");
    }

    @Test
    void aTopicPrefixSendsEveryExchangeToATestsOwnTopics() {
        assertThat(parse().topicPrefix()).isEqualTo("k2.trades.");
        assertThat(parse().topicOf(Exchange.BINANCE)).as("the real topic by default").isEqualTo("k2.trades.binance");
        GeneratorOptions own = parse("--topic-prefix", "floe.iso.e2e1.", "--count", "40", "--seed", "3");
        assertThat(own.topicOf(Exchange.BINANCE)).isEqualTo("floe.iso.e2e1.binance");
        assertThat(own.topicOf(Exchange.KRAKEN)).isEqualTo("floe.iso.e2e1.kraken");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintingMessageSink sink = new PrintingMessageSink(new PrintStream(printed, true, StandardCharsets.UTF_8),
                own.topicPrefix())) {
            GenerateTrades.run(own, sink, message -> { });
        }
        Set<String> topics = printed.toString(StandardCharsets.UTF_8).lines().map(line -> line.split("\t")[0])
                .collect(Collectors.toSet());
        assertThat(topics).as("topics of a dry run").containsExactlyInAnyOrder("floe.iso.e2e1.binance", "floe.iso.e2e1.kraken");
        assertThat(GeneratorOptions.USAGE).contains("--topic-prefix P").contains("(default k2.trades.)");
    }

    @Test
    void aTopicPrefixOutsideKafkasAlphabetIsRejected() {
        assertRejected("--topic-prefix: 'my topics.' is not a topic name prefix", "--topic-prefix", "my topics.");
        assertRejected("--topic-prefix: '' is not a topic name prefix", "--topic-prefix=");
        assertRejected("--topic-prefix: 'a/b.' is not a topic name prefix", "--topic-prefix", "a/b.");
    }

    private static void assertRejected(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).isInstanceOf(GeneratorOptions.InvalidOptionsException.class)
                .hasMessageContaining(message);
    }
}
