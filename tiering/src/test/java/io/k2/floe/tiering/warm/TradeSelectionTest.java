package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeSelectionTest {

    private static final String T = "`trade_time_us`";

    @Test
    void everySymbolOfSomeRangesAndSomeSymbolsOfOthers() {
        TimeRanges all = TimeRanges.of(0, 10);
        TimeRanges some = TimeRanges.of(100, 110);
        TradeSelection trades = TradeSelection.of(all).plus(List.of("ETH/USD", "BTC/USDT"), some);
        assertThat(trades.condition()).isEqualTo("(" + all.condition(T) + " OR (`symbol` IN ('BTC/USDT', 'ETH/USD') AND "
                + some.condition(T) + "))");
        assertThat(TradeSelection.of(TimeRanges.none()).plus(List.of("BTC/USDT"), some).condition())
                .isEqualTo("(`symbol` IN ('BTC/USDT') AND " + some.condition(T) + ")");
    }

    @Test
    void nothingSelectedReadsNothing() {
        TradeSelection none = TradeSelection.of(TimeRanges.none());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.condition()).isEqualTo("0");
        assertThat(none.plus(List.of(), TimeRanges.of(0, 1)).isEmpty()).isTrue();
        assertThat(none.plus(List.of("X"), TimeRanges.none()).isEmpty()).isTrue();
    }

    @Test
    void aSymbolCannotEndItsLiteral() {
        assertThat(TradeSelection.literal("a'b\\c")).isEqualTo("'a\\'b\\\\c'");
        assertThat(TradeSelection.literal("é\n")).isEqualTo("'\\xC3\\xA9\\x0A'");
    }
}
