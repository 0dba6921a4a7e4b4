package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.warm.ClickHouseType.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses ClickHouse type strings as {@code system.columns} spells them ({@code Decimal(18, 8)},
 * {@code LowCardinality(Nullable(String))}, {@code Enum8('a' = 1, 'it\'s' = 2)}, {@code DateTime64(3, 'UTC')}).
 * Any type outside R-TYPES (Array, Tuple, Map, Nested, AggregateFunction, Int128, IPv4, ...) is
 * refused with an {@link UnsupportedColumnTypeException} naming table, column and type.
 */
public final class ClickHouseTypeParser {

    private final String table;
    private final String column;
    private final String text;
    private int at;

    private ClickHouseTypeParser(String table, String column, String text) {
        this.table = table;
        this.column = column;
        this.text = text;
    }

    /** Parses {@code type}; {@code table} and {@code column} only go into error messages. */
    public static ClickHouseType parse(String table, String column, String type) {
        if (type == null || type.isBlank()) {
            throw new UnsupportedColumnTypeException(table, column, String.valueOf(type), "empty type");
        }
        ClickHouseTypeParser parser = new ClickHouseTypeParser(table, column, type.strip());
        ClickHouseType parsed = parser.type(false, false);
        parser.skipSpaces();
        if (parser.at != parser.text.length()) {
            throw parser.fail("unexpected text at position " + parser.at);
        }
        return parsed;
    }

    private ClickHouseType type(boolean nullable, boolean lowCardinality) {
        String name = identifier();
        switch (name) {
            case "Nullable" -> {
                if (nullable) {
                    throw fail("Nullable inside Nullable");
                }
                expect('(');
                ClickHouseType inner = type(true, lowCardinality);
                expect(')');
                return whole(inner);
            }
            case "LowCardinality" -> {
                if (lowCardinality) {
                    throw fail("LowCardinality inside LowCardinality");
                }
                expect('(');
                ClickHouseType inner = type(nullable, true);
                expect(')');
                return whole(inner);
            }
            default -> {
                return base(name, nullable, lowCardinality);
            }
        }
    }

    /** A wrapper's result carries the full text of the outermost type. */
    private ClickHouseType whole(ClickHouseType inner) {
        return new ClickHouseType(inner.kind(), inner.nullable(), inner.lowCardinality(), inner.precision(),
                inner.scale(), inner.length(), inner.timeZone(), inner.enumValues(), text);
    }

    private ClickHouseType base(String name, boolean nullable, boolean lowCardinality) {
        Kind simple = switch (name) {
            case "Int8" -> Kind.INT8;
            case "Int16" -> Kind.INT16;
            case "Int32" -> Kind.INT32;
            case "Int64" -> Kind.INT64;
            case "UInt8" -> Kind.UINT8;
            case "UInt16" -> Kind.UINT16;
            case "UInt32" -> Kind.UINT32;
            case "UInt64" -> Kind.UINT64;
            case "Float32" -> Kind.FLOAT32;
            case "Float64" -> Kind.FLOAT64;
            case "String" -> Kind.STRING;
            case "UUID" -> Kind.UUID;
            case "Date" -> Kind.DATE;
            case "Bool" -> Kind.BOOL;
            default -> null;
        };
        if (simple != null) {
            return make(simple, nullable, lowCardinality, 0, 0, 0, null, null);
        }
        switch (name) {
            case "Decimal" -> {
                expect('(');
                int precision = integer();
                expect(',');
                int scale = integer();
                expect(')');
                return decimal(precision, scale, nullable, lowCardinality);
            }
            case "Decimal32", "Decimal64", "Decimal128" -> {
                expect('(');
                int scale = integer();
                expect(')');
                int precision = switch (name) {
                    case "Decimal32" -> 9;
                    case "Decimal64" -> 18;
                    default -> 38;
                };
                return decimal(precision, scale, nullable, lowCardinality);
            }
            case "FixedString" -> {
                expect('(');
                int length = integer();
                expect(')');
                if (length < 1) {
                    throw fail("FixedString length must be at least 1");
                }
                return make(Kind.FIXED_STRING, nullable, lowCardinality, 0, 0, length, null, null);
            }
            case "DateTime" -> {
                String zone = null;
                if (peek('(')) {
                    expect('(');
                    zone = quoted();
                    expect(')');
                }
                return make(Kind.DATETIME, nullable, lowCardinality, 0, 0, 0, zone, null);
            }
            case "DateTime64" -> {
                expect('(');
                int precision = integer();
                String zone = null;
                if (peek(',')) {
                    expect(',');
                    zone = quoted();
                }
                expect(')');
                if (precision < 0 || precision > 9) {
                    throw fail("DateTime64 precision must be 0..9");
                }
                return make(Kind.DATETIME64, nullable, lowCardinality, precision, 0, 0, zone, null);
            }
            case "Enum8", "Enum16" -> {
                return enumeration(name.equals("Enum8") ? Kind.ENUM8 : Kind.ENUM16, nullable, lowCardinality);
            }
            default -> throw fail(null);
        }
    }

    private ClickHouseType decimal(int precision, int scale, boolean nullable, boolean lowCardinality) {
        if (precision < 1 || precision > 38) {
            throw fail("Decimal precision " + precision + " is outside 1..38");
        }
        if (scale < 0 || scale > precision) {
            throw fail("Decimal scale " + scale + " is outside 0.." + precision);
        }
        Kind kind = precision <= 9 ? Kind.DECIMAL32 : precision <= 18 ? Kind.DECIMAL64 : Kind.DECIMAL128;
        return make(kind, nullable, lowCardinality, precision, scale, 0, null, null);
    }

    private ClickHouseType enumeration(Kind kind, boolean nullable, boolean lowCardinality) {
        expect('(');
        List<String> names = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        do {
            if (!names.isEmpty()) {
                expect(',');
            }
            names.add(quoted());
            expect('=');
            int code = integer();
            int min = kind == Kind.ENUM8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
            int max = kind == Kind.ENUM8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
            if (code < min || code > max) {
                throw fail("enum value " + code + " is outside " + min + ".." + max);
            }
            codes.add(code);
        } while (peek(','));
        expect(')');
        int[] codeArray = codes.stream().mapToInt(Integer::intValue).toArray();
        ClickHouseType.EnumValues values;
        try {
            values = new ClickHouseType.EnumValues(codeArray, names.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        return make(kind, nullable, lowCardinality, 0, 0, 0, null, values);
    }

    private ClickHouseType make(Kind kind, boolean nullable, boolean lowCardinality, int precision, int scale,
                                int length, String zone, ClickHouseType.EnumValues values) {
        return new ClickHouseType(kind, nullable, lowCardinality, precision, scale, length, zone, values, text);
    }

    private String identifier() {
        skipSpaces();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw fail("expected a type name at position " + start);
        }
        return text.substring(start, at);
    }

    private int integer() {
        skipSpaces();
        int start = at;
        if (at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        try {
            return Integer.parseInt(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw fail("expected a number at position " + start);
        }
    }

    /** A single-quoted literal: backslash escapes as ClickHouse writes them, and a doubled quote. */
    private String quoted() {
        skipSpaces();
        if (at >= text.length() || text.charAt(at) != '\'') {
            throw fail("expected a quoted string at position " + at);
        }
        at++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw fail("unterminated quoted string");
            }
            char c = text.charAt(at++);
            if (c == '\\') {
                if (at >= text.length()) {
                    throw fail("unterminated escape");
                }
                char e = text.charAt(at++);
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
            } else if (c == '\'') {
                if (at < text.length() && text.charAt(at) == '\'') {
                    value.append('\'');
                    at++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
    }

    private boolean peek(char c) {
        skipSpaces();
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        skipSpaces();
        if (at >= text.length() || text.charAt(at) != c) {
            throw fail("expected '" + c + "' at position " + at);
        }
        at++;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private UnsupportedColumnTypeException fail(String reason) {
        return new UnsupportedColumnTypeException(table, column, text, reason);
    }
}
