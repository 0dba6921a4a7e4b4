package io.k2.floe.tiering.warm.figures;

import io.k2.floe.tiering.warm.WarmColumn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The content checksum of a set of rows: the sum, modulo 2^64, of every row's {@code sipHash64} over its canonical
 * text (the columns' {@link ColumnCanon} texts joined by {@code |}, in warm column order). A sum does not depend on
 * order; a lost row takes its hash away, a duplicated row adds it twice, an altered value changes it.
 */
public final class RowChecksum {

    private final List<WarmColumn> columns;
    private final ColumnCanon[] forms;
    private final int[] scales;
    private final DecimalText decimals;

    /** @param decimals how the ClickHouse server at hand prints decimals ({@link DecimalText#PROBE}) */
    public RowChecksum(List<WarmColumn> columns, DecimalText decimals) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a checksum needs at least one column");
        }
        this.columns = List.copyOf(columns);
        this.forms = columns.stream().map(ColumnCanon::of).toArray(ColumnCanon[]::new);
        this.scales = columns.stream().mapToInt(c -> c.warmType().scale()).toArray();
        this.decimals = decimals;
    }

    public List<WarmColumn> columns() {
        return columns;
    }

    /** ClickHouse's UInt64 hash of one row, to be summed with {@code sum(...)}. */
    public String warmRowHash() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < forms.length; i++) {
            if (i > 0) {
                parts.add("'|'");
            }
            parts.add(forms[i].sql(columns.get(i)));
        }
        if (parts.size() == 1) {
            parts.add("''");
        }
        return "sipHash64(concat(" + String.join(", ", parts) + "))";
    }

    /** The hash of one cold row; {@code value.apply(i)} is the value of the i-th column; {@code buffer} is reused. */
    public long coldRowHash(IntFunction<Object> value, RowBytes buffer) {
        buffer.reset();
        for (int i = 0; i < forms.length; i++) {
            if (i > 0) {
                buffer.append((byte) '|');
            }
            forms[i].append(value.apply(i), buffer, decimals, scales[i]);
        }
        return SipHash64.hash(buffer.array(), buffer.length());
    }

    /** How a checksum is written in events: unsigned decimal, so no JSON reader rounds it. */
    public static String text(long sum) {
        return Long.toUnsignedString(sum);
    }
}
