package io.k2.floe.tiering.testing;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A real table whose catalog blips at chosen moments: a thin wrapper around the table's real {@link TableOperations}
 * (the JDBC catalog on the local PostgreSQL), so commits really happen, and then the catalog fails the way a network
 * or database hiccup makes it fail.
 */
public final class CatalogBlips implements TableOperations {

    /** What goes wrong. */
    public enum Blip {
        /** Every refresh after the first successful commit fails (the catalog became unreachable right after the swap). */
        REFRESH_AFTER_COMMIT,
        /** The commit swaps the metadata, then reports an unknown state; every refresh after it fails too. */
        UNKNOWN_AFTER_SWAP_THEN_UNREACHABLE
    }

    private final TableOperations real;
    private final Blip blip;
    private volatile boolean committed;
    private volatile int failedRefreshes;

    private CatalogBlips(TableOperations real, Blip blip) {
        this.real = real;
        this.blip = blip;
    }

    /** {@code table} (loaded from a real catalog) with {@code blip}; the wrapper is reachable through the result. */
    public static Table wrap(Table table, Blip blip) {
        CatalogBlips ops = new CatalogBlips(((HasTableOperations) table).operations(), blip);
        return new BaseTable(ops, table.name());
    }

    public static CatalogBlips of(Table table) {
        return (CatalogBlips) ((HasTableOperations) table).operations();
    }

    public boolean committed() {
        return committed;
    }

    public int failedRefreshes() {
        return failedRefreshes;
    }

    @Override
    public TableMetadata current() {
        return real.current();
    }

    @Override
    public TableMetadata refresh() {
        if (committed) {
            failedRefreshes++;
            throw new RuntimeIOException("catalog unreachable (injected after the commit)");
        }
        return real.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        real.commit(base, metadata);
        committed = true;
        if (blip == Blip.UNKNOWN_AFTER_SWAP_THEN_UNREACHABLE) {
            throw new CommitStateUnknownException(new RuntimeIOException("connection reset (injected after the swap)"));
        }
    }

    @Override
    public FileIO io() {
        return real.io();
    }

    @Override
    public EncryptionManager encryption() {
        return real.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return real.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
        return real.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
        return real.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
        return real.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
        return real.requireStrictCleanup();
    }
}
