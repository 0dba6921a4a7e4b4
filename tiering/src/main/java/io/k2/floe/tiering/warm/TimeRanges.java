package io.k2.floe.tiering.warm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Disjoint half-open event-time ranges {@code [from, to)} in epoch microseconds, sorted, none empty, none touching
 * another. Rendered as a condition on a time column, it lets ClickHouse read only the partitions and granules of those
 * times (the column must be compared directly: 18.16 prunes nothing through {@code intDiv}).
 */
public final class TimeRanges {

    /** One range {@code [from, to)}, {@code from < to}. */
    public record Range(long from, long to) {

        public Range {
            if (from >= to) {
                throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
            }
        }
    }

    private static final TimeRanges NONE = new TimeRanges(List.of());

    private final List<Range> ranges;

    private TimeRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** No time at all. */
    public static TimeRanges none() {
        return NONE;
    }

    /** {@code [from, to)}; none when {@code to <= from}. */
    public static TimeRanges of(long from, long to) {
        return from < to ? new TimeRanges(List.of(new Range(from, to))) : NONE;
    }

    /** The union of any ranges (overlapping, touching or in any order). */
    public static TimeRanges union(List<Range> any) {
        List<Range> sorted = new ArrayList<>(any);
        sorted.sort(Comparator.comparingLong(Range::from));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && r.from() <= merged.get(last).to()) {
                merged.set(last, new Range(merged.get(last).from(), Math.max(merged.get(last).to(), r.to())));
            } else {
                merged.add(r);
            }
        }
        return merged.isEmpty() ? NONE : new TimeRanges(merged);
    }

    /** This and {@code other} together. */
    public TimeRanges union(TimeRanges other) {
        List<Range> both = new ArrayList<>(ranges);
        both.addAll(other.ranges);
        return union(both);
    }

    /**
     * At most {@code max} ranges covering at least these times: the ranges separated by the smallest gaps are joined
     * first. Keeps a condition short at the price of reading the gaps.
     */
    public TimeRanges atMost(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        List<Range> list = new ArrayList<>(ranges);
        while (list.size() > max) {
            int narrowest = 0;
            for (int i = 1; i < list.size() - 1; i++) {
                if (gap(list, i) < gap(list, narrowest)) {
                    narrowest = i;
                }
            }
            list.set(narrowest, new Range(list.get(narrowest).from(), list.get(narrowest + 1).to()));
            list.remove(narrowest + 1);
        }
        return new TimeRanges(list);
    }

    private static long gap(List<Range> list, int i) {
        return list.get(i + 1).from() - list.get(i).to();
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public List<Range> ranges() {
        return ranges;
    }

    /**
     * {@code (column >= from AND column < to) OR …} in parentheses, or {@code 0} (false) for no range; {@code column}
     * is an Int64 SQL expression of epoch microseconds.
     */
    public String condition(String column) {
        if (ranges.isEmpty()) {
            return "0";
        }
        return ranges.stream()
                .map(r -> "(" + column + " >= " + r.from() + " AND " + column + " < " + r.to() + ")")
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeRanges other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.stream().map(r -> "[" + r.from() + ", " + r.to() + ")").collect(Collectors.joining(" ∪ ", "{", "}"));
    }
}
