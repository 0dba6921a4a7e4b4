package io.k2.floe.tiering.catalog;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the catalog when a service starts, so that a service with an invalid catalog refuses to
 * start (with every problem in the message) instead of failing on the first command that needs it.
 */
@Singleton
public class CatalogStartupCheck {

    private static final Logger LOG = Logger.getLogger(CatalogStartupCheck.class);

    void onStart(@Observes StartupEvent event, TableCatalog catalog) {
        LOG.infof("Table catalog: %s", catalog.describe());
    }
}
