package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.MaintenancePolicy;

/**
 * Where the cold tier's write settings went: the target file size is the table catalog's maintenance policy
 * ({@code floe.catalog.tables.<id>.maintenance.target-file-size-bytes}, per layer
 * {@code floe.catalog.layer-defaults.<layer>.target-file-size-bytes}, still settable for every layer at once with
 * {@code FLOE_COLD_TARGET_FILE_SIZE_BYTES}), so the offload and compaction write files of one size. The former
 * {@code floe.cold.target-file-size-bytes} is gone; see {@link ColdTables}.
 */
public final class ColdWriteConfig {

    /** 128 MiB, R-TABLES (docs/requirements.md): {@link MaintenancePolicy#DEFAULT_TARGET_FILE_SIZE}. */
    public static final long DEFAULT_TARGET_FILE_SIZE = MaintenancePolicy.DEFAULT_TARGET_FILE_SIZE;

    private ColdWriteConfig() {
    }
}
