package io.k2.floe.tiering.warm;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which silver trades a gold read computes its bars from: every trade in {@code everySymbol}, plus the trades of
 * {@code symbols} in {@code ofSymbols}. Both are whole buckets, so every bar touched is complete. Rendered as a
 * condition on the sorting-key columns ({@code symbol} first, {@code trade_time_us} third), which ClickHouse prunes
 * parts and granules by.
 */
public record TradeSelection(TimeRanges everySymbol, SortedSet<String> symbols, TimeRanges ofSymbols) {

    public TradeSelection {
        symbols = Collections.unmodifiableSortedSet(new TreeSet<>(symbols));
        if (symbols.isEmpty()) {
            ofSymbols = TimeRanges.none();
        }
    }

    /** Every trade in {@code ranges}. */
    public static TradeSelection of(TimeRanges ranges) {
        return new TradeSelection(ranges, new TreeSet<>(), TimeRanges.none());
    }

    /** This plus the trades of {@code more} in {@code ranges}. */
    public TradeSelection plus(Collection<String> more, TimeRanges ranges) {
        if (more.isEmpty() || ranges.isEmpty()) {
            return this;
        }
        SortedSet<String> all = new TreeSet<>(symbols);
        all.addAll(more);
        return new TradeSelection(everySymbol, all, ofSymbols.union(ranges));
    }

    /** At most {@code max} ranges in each part (see {@link TimeRanges#atMost}). */
    public TradeSelection atMost(int max) {
        return new TradeSelection(everySymbol.atMost(max), symbols, ofSymbols.atMost(max));
    }

    public boolean isEmpty() {
        return everySymbol.isEmpty() && ofSymbols.isEmpty();
    }

    /** The condition on silver's {@code symbol} and {@code trade_time_us}; {@code 0} (false) when empty. */
    public String condition() {
        String time = GoldBars.TIME;
        if (ofSymbols.isEmpty()) {
            return everySymbol.condition(time);
        }
        String some = "(`symbol` IN " + symbols.stream().map(TradeSelection::literal)
                .collect(Collectors.joining(", ", "(", ")")) + " AND " + ofSymbols.condition(time) + ")";
        return everySymbol.isEmpty() ? some : "(" + everySymbol.condition(time) + " OR " + some + ")";
    }

    /** A ClickHouse string literal of {@code value}: backslash and quote escaped, nothing else can end it. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder("'");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\' || c == '\'') {
                out.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append('\'').toString();
    }
}
