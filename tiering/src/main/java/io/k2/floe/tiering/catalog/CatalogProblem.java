package io.k2.floe.tiering.catalog;

import java.util.Objects;

/**
 * One thing wrong with the catalog configuration.
 *
 * @param table  the table id it concerns ({@code *} when it concerns the catalog as a whole)
 * @param field  the configuration field, e.g. {@code depends-on}
 * @param detail what is wrong and what would be right
 */
public record CatalogProblem(String table, String field, String detail) {

    /** The pseudo-field for problems with the table id itself (the configuration key). */
    public static final String ID_FIELD = "id";

    public CatalogProblem {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(detail, "detail");
    }

    /** The configuration property the problem is about, e.g. {@code floe.catalog.tables.x.layer}. */
    public String property() {
        if ("*".equals(table)) {
            return "floe.catalog." + field;
        }
        return ID_FIELD.equals(field) ? "floe.catalog.tables." + table : "floe.catalog.tables." + table + "." + field;
    }

    /** {@code table 'x', field 'layer' (floe.catalog.tables.x.layer): detail}. */
    @Override
    public String toString() {
        if ("*".equals(table)) {
            return "catalog, field '" + field + "' (" + property() + "): " + detail;
        }
        return "table '" + table + "', field '" + field + "' (" + property() + "): " + detail;
    }
}
