package io.k2.floe.tiering.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the configured {@link TableCatalog} injectable. */
@Singleton
public class CatalogProducer {

    /**
     * The catalog of {@code floe.catalog.*}.
     *
     * @throws InvalidCatalogException listing every problem
     */
    @Produces
    @ApplicationScoped
    TableCatalog tableCatalog(CatalogConfig catalogConfig) {
        return TableCatalog.fromConfig(catalogConfig);
    }
}
