package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ClickHouseIdentifiers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The ClickHouse condition selecting the rows whose time column lies in {@code [start, end)}, for each way the
 * catalog lets a warm table encode time. The column is compared with constants (not converted), so that ClickHouse
 * can use the table's partition and primary key to skip parts. Works on 18.16 and current releases.
 */
final class PartitionRange {

    private PartitionRange() {
    }

    /**
     * @param columnType the column's type as {@code system.columns} spells it; only looked at for {@code datetime}
     * @throws IllegalStateException when a {@code datetime} column is not a date or time type
     */
    static String condition(String column, TimeEncoding encoding, String columnType, Instant start, Instant end) {
        String name = ClickHouseIdentifiers.quote(column);
        return switch (encoding) {
            case EPOCH_MICROS -> name + " >= " + micros(start) + " AND " + name + " < " + micros(end);
            case EPOCH_MILLIS -> name + " >= " + start.toEpochMilli() + " AND " + name + " < " + end.toEpochMilli();
            case DATETIME -> switch (kind(columnType)) {
                case "DateTime" -> name + " >= toDateTime(" + start.getEpochSecond() + ") AND " + name
                        + " < toDateTime(" + end.getEpochSecond() + ")";
                case "DateTime64" -> "toUnixTimestamp64Micro(" + name + ") >= " + micros(start)
                        + " AND toUnixTimestamp64Micro(" + name + ") < " + micros(end);
                // A Date is the midnight (UTC) it starts at: in the range when that midnight is.
                case "Date" -> name + " >= toDate('" + firstDayFrom(start) + "') AND " + name + " < toDate('"
                        + firstDayFrom(end) + "')";
                default -> throw new IllegalStateException("time column " + column + " is " + columnType
                        + ", not Date, DateTime or DateTime64 as its time-encoding datetime says");
            };
        };
    }

    /** Date, DateTime or DateTime64 without Nullable/LowCardinality wrappers and parameters; else the text. */
    static String kind(String columnType) {
        String type = columnType == null ? "" : columnType.trim();
        for (String wrapper : new String[]{"Nullable(", "LowCardinality("}) {
            if (type.startsWith(wrapper) && type.endsWith(")")) {
                return kind(type.substring(wrapper.length(), type.length() - 1));
            }
        }
        String base = type.contains("(") ? type.substring(0, type.indexOf('(')) : type;
        return switch (base.toLowerCase(Locale.ROOT)) {
            case "datetime" -> "DateTime";
            case "datetime64" -> "DateTime64";
            case "date", "date32" -> "Date";
            default -> type;
        };
    }

    /** The first whole day at or after {@code t} (UTC). */
    private static LocalDate firstDayFrom(Instant t) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(t) ? day : day.plusDays(1);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
