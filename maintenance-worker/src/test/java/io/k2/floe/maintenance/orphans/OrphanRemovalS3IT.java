package io.k2.floe.maintenance.orphans;

import io.k2.floe.maintenance.testing.MaintainedTable;

/** Orphan-file cleanup on the local S3 server (S3FileIO's prefix listing). */
class OrphanRemovalS3IT extends OrphanRemovalContract {

    @Override
    MaintainedTable openTable() {
        return MaintainedTable.onS3("orphans_it");
    }
}
