package io.k2.floe.maintenance.orphans;

import io.k2.floe.maintenance.testing.MaintainedTable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Orphan-file cleanup in a local-disk warehouse (LocalDiskFileIO's prefix listing), catalog on the local PostgreSQL. */
class OrphanRemovalLocalDiskIT extends OrphanRemovalContract {

    @TempDir
    Path warehouse;

    @Override
    MaintainedTable openTable() {
        return MaintainedTable.onLocalDisk("orphans_disk_it", warehouse);
    }
}
