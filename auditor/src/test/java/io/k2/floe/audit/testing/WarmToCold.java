package io.k2.floe.audit.testing;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Offloads one window of a warm table the way the offload worker does (the same tiering reader, writer and marker
 * commit), for audit tests that need a cold table without running the worker.
 */
public final class WarmToCold {

    private WarmToCold() {
    }

    /** Reads {@code window} of {@code table} from ClickHouse and commits it with its marker; returns the cold table. */
    public static Table offload(ClickHouseHttp http, Catalog catalog, CatalogTable table, Window window)
            throws IOException {
        List<WarmColumn> columns = new WarmColumns(http).of(table);
        WarmWindowQuery query = new WarmWindowQuery(table, columns, false);
        Table cold = new ColdTables(catalog, 128L * 1024 * 1024).createIfMissing(table, ColdSchemas.of(columns));
        try (WindowWriter writer = WindowWriter.open(cold, "audit-test-" + UUID.randomUUID())) {
            new WarmReader(http).read(query.window(window), columns, new ColdRowSink(writer, cold.schema(), columns));
            WrittenFiles files = writer.finish();
            ColdCommitter.commit(cold, OffloadMarker.of(window, UUID.randomUUID().toString(), "audit-test"),
                    files.dataFiles());
        }
        cold.refresh();
        return cold;
    }
}
