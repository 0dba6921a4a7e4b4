package io.k2.floe.tiering.cold;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.catalog.Catalog;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * The service's connection to the cold tier, opened on first use rather than at start-up: a worker must start
 * (and report itself not ready) while the catalog database is down, and a failed open is retried on the next use.
 */
@ApplicationScoped
public class ColdTier {

    private static final Logger LOG = Logger.getLogger(ColdTier.class);

    private final IcebergCatalogConfig catalogConfig;
    private final ObjectStoreConfig objectStore;
    private ColdCatalogs open;

    public ColdTier(IcebergCatalogConfig catalogConfig, ObjectStoreConfig objectStore) {
        this.catalogConfig = catalogConfig;
        this.objectStore = objectStore;
    }

    /** The Iceberg catalog, opened now if needed. */
    public synchronized Catalog catalog() {
        if (open == null) {
            open = ColdCatalogs.open(catalogConfig, objectStore);
            LOG.infof("cold tier: %s", open);
        }
        return open.catalog();
    }

    /** Table creation and evolution on {@link #catalog()}, with each table's policy's target file size. */
    public ColdTables tables() {
        return new ColdTables(catalog());
    }

    @PreDestroy
    synchronized void close() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.warnf("closing the cold tier catalog failed: %s", e.getMessage());
            }
            open = null;
        }
    }
}
