package io.k2.floe.tiering.cold;

import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table's FileIO, remembering every file it was asked to create, so that a write that fails halfway can still
 * say which (uncommitted, possibly partial) files it left behind for orphan cleanup.
 */
final class RecordingFileIO implements FileIO {

    private final FileIO delegate;
    private final List<String> created = new ArrayList<>();

    RecordingFileIO(FileIO delegate) {
        this.delegate = delegate;
    }

    /** Locations of the files created so far, in creation order. */
    synchronized List<String> created() {
        return List.copyOf(created);
    }

    @Override
    public InputFile newInputFile(String path) {
        return delegate.newInputFile(path);
    }

    @Override
    public InputFile newInputFile(String path, long length) {
        return delegate.newInputFile(path, length);
    }

    @Override
    public OutputFile newOutputFile(String path) {
        synchronized (this) {
            created.add(path);
        }
        return delegate.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
        delegate.deleteFile(path);
    }

    @Override
    public Map<String, String> properties() {
        return delegate.properties();
    }

    /** The table owns the delegate; closing a writer must not close it. */
    @Override
    public void close() {
    }
}
