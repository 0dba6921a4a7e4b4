package io.k2.floe.tiering.cold;

import org.apache.iceberg.DataFile;

import java.util.List;

/**
 * The data files a window writer produced, not yet visible in the table.
 *
 * @param dataFiles complete data files, ready to be committed
 */
public record WrittenFiles(List<DataFile> dataFiles) {

    public WrittenFiles {
        dataFiles = List.copyOf(dataFiles);
    }

    /** Locations of the files, e.g. for a failed event's {@code uncommittedFiles}. */
    public List<String> paths() {
        return dataFiles.stream().map(f -> f.location()).toList();
    }

    public long recordCount() {
        return dataFiles.stream().mapToLong(DataFile::recordCount).sum();
    }

    public long sizeInBytes() {
        return dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    }
}
