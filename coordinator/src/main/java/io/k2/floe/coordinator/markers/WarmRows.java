package io.k2.floe.coordinator.markers;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * How many rows the warm tier holds up to a table's committed marker: the rows every window so far has selected
 * (deduplicated for silver, finalized bars for gold), so that an operator can set them beside the cold table's count.
 * Counts, not a proof: the auditor compares contents.
 */
@ApplicationScoped
public class WarmRows {

    /** Before any trade: a window from here covers everything up to the marker. */
    private static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

    private final ClickHouseHttp clickHouse;
    private final WarmColumns columns;
    private final TableCatalog catalog;

    public WarmRows(ClickHouseHttp clickHouse, WarmColumns columns, TableCatalog catalog) {
        this.clickHouse = clickHouse;
        this.columns = columns;
        this.catalog = catalog;
    }

    public long upTo(String tableId, Instant marker) {
        CatalogTable table = catalog.get(tableId);
        try {
            WarmWindowQuery query = new WarmWindowQuery(table, columns.of(table), columns.needsFinal(table.warmRead()));
            String sql = "SELECT count() FROM " + query.source() + " WHERE "
                    + query.windowCondition(new Window(BEGINNING, marker)) + " FORMAT TSV";
            try (InputStream in = clickHouse.query(sql, query.settings())) {
                return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the warm rows of " + tableId + " up to " + marker + ": "
                    + e.getMessage(), e);
        }
    }
}
