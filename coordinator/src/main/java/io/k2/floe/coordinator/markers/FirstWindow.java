package io.k2.floe.coordinator.markers;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.ClickHouseIdentifiers;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Where the first window of a table nothing was offloaded to starts: one second before its earliest warm row, so that
 * the first window takes everything the warm tier holds. A derived table (silver, gold) starts where its upstreams
 * start: its rows are made from theirs, and a gold table's warm table holds aggregate states, not ingestion times.
 */
@ApplicationScoped
public class FirstWindow {

    private final ClickHouseHttp clickHouse;
    private final TableCatalog catalog;

    public FirstWindow(ClickHouseHttp clickHouse, TableCatalog catalog) {
        this.clickHouse = clickHouse;
        this.catalog = catalog;
    }

    /**
     * @param fallback the lower bound to use when the warm tier holds no row (the run's target minus a second: the
     *                 first window is then empty, and commits the marker)
     */
    public Instant lowerBound(String tableId, Instant fallback) {
        CatalogTable table = catalog.get(tableId);
        if (!table.dependsOn().isEmpty()) {
            Instant earliest = fallback;
            for (String upstream : table.dependsOn()) {
                Instant bound = lowerBound(upstream, fallback);
                earliest = bound.isBefore(earliest) ? bound : earliest;
            }
            return earliest;
        }
        String column = ClickHouseIdentifiers.quote(table.orderingColumn());
        String warm = ClickHouseIdentifiers.quote(table.warmTable());
        String sql = "SELECT count(), toUnixTimestamp(min(" + column + ")) FROM " + warm + " FORMAT TSV";
        try (InputStream in = clickHouse.query(sql)) {
            String[] answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\t");
            if (Long.parseLong(answer[0]) == 0) {
                return fallback;
            }
            Instant first = Instant.ofEpochSecond(Long.parseLong(answer[1])).minusSeconds(1);
            return first.isBefore(fallback) ? first : fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the earliest " + table.orderingColumn() + " of "
                    + table.warmTable() + " from ClickHouse: " + e.getMessage(), e);
        }
    }
}
