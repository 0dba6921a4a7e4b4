package io.k2.floe.tiering.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** Makes the configured {@link TableCatalog} injectable. */
@Singleton
public class CatalogProducer {

    /**
     * The catalog of {@code floe.catalog.*}. Misspelt catalog properties count as problems too.
     *
     * @throws InvalidCatalogException listing every problem
     */
    @Produces
    @ApplicationScoped
    TableCatalog tableCatalog(CatalogConfig catalogConfig, Config config) {
        return TableCatalog.fromConfig(catalogConfig, config.getPropertyNames());
    }
}
