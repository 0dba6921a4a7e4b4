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
import java.util.Optional;

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
        return earliestRow(tableId).map(first -> first.minusSeconds(1)).filter(first -> first.isBefore(fallback))
                .orElse(fallback);
    }

    /**
     * The ordering value (whole seconds) of the table's earliest warm row, or of its upstreams' earliest for a derived
     * table; empty when the warm tier holds none.
     */
    public Optional<Instant> earliestRow(String tableId) {
        CatalogTable table = catalog.get(tableId);
        if (!table.dependsOn().isEmpty()) {
            return table.dependsOn().stream().map(this::earliestRow).flatMap(Optional::stream).min(Instant::compareTo);
        }
        String column = ClickHouseIdentifiers.quote(table.orderingColumn());
        String warm = ClickHouseIdentifiers.quote(table.warmTable());
        String sql = "SELECT count(), toUnixTimestamp(min(" + column + ")) FROM " + warm + " FORMAT TSV";
        try (InputStream in = clickHouse.query(sql)) {
            String[] answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\t");
            if (Long.parseLong(answer[0]) == 0) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(answer[1])));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the earliest " + table.orderingColumn() + " of "
                    + table.warmTable() + " from ClickHouse: " + e.getMessage(), e);
        }
    }
}
