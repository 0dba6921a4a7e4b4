package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cold tables the steps maintain, loaded fresh for every task. A table that does not exist yet (never offloaded)
 * has nothing to maintain: steps answer it as completed with nothing done.
 */
@ApplicationScoped
public class MaintainedTables {

    private final Supplier<Catalog> catalog;

    @Inject
    public MaintainedTables(ColdTier coldTier) {
        this(coldTier::catalog);
    }

    /** Tables of {@code catalog} (tests and tools that open a catalog themselves). */
    public MaintainedTables(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    /** {@code table}'s cold table, at its current metadata; empty when it does not exist. */
    public Optional<Table> load(CatalogTable table) {
        try {
            return Optional.of(catalog.get().loadTable(ColdTables.identifier(table)));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }
}
