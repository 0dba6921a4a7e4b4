package io.k2.floe.tiering.cold;

import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Iceberg FileIO for a warehouse in a local directory, on java.nio alone. Hadoop's local file system is not usable
 * here: its user lookup calls {@code Subject.getSubject}, which Java 24+ no longer supports; this class also keeps
 * Hadoop out of the native image's file path. Locations are {@code file:} URIs or absolute paths.
 *
 * <p>Prefix operations (what orphan-file cleanup lists) work as on an object store: every regular file whose location
 * starts with the prefix, at any depth, spelt the way the prefix is ({@code file:} URI or plain path).
 *
 * <p>Native image: loaded by name ({@code io-impl}), needs reflection registration of its no-arg constructor.
 */
public final class LocalDiskFileIO implements FileIO, SupportsPrefixOperations {

    private Map<String, String> properties = Map.of();

    public LocalDiskFileIO() {
    }

    @Override
    public void initialize(Map<String, String> props) {
        this.properties = Map.copyOf(props);
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    static Path path(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location.replace(" ", "%20"))) : Path.of(location);
    }

    @Override
    public InputFile newInputFile(String location) {
        return new LocalInput(location, path(location), -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new LocalInput(location, path(location), length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new LocalOutput(location, path(location));
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw new RuntimeIOException(e, "cannot delete %s", location);
        }
    }

    /**
     * Every regular file whose location starts with {@code prefix}, with its size and last-modified time (a local
     * file has no reliable creation time; a written data file is not modified afterwards). Read at once: a listing is
     * of one table's directory.
     */
    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path start = path(prefix);
        boolean asUri = prefix.startsWith("file:");
        // as on an object store, a prefix without a trailing slash also matches siblings that start alike
        Path root = prefix.endsWith("/") ? start : start.getParent();
        String wanted = start.toString() + (prefix.endsWith("/") ? "/" : "");
        List<FileInfo> files = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.toString().startsWith(wanted)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue; // deleted while we walked
                }
                if (attributes.isRegularFile()) {
                    files.add(new FileInfo(asUri ? p.toUri().toString() : p.toString(), attributes.size(),
                            attributes.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            throw new RuntimeIOException(e, "cannot list %s", prefix);
        }
        return files;
    }

    /** Deletes every file {@link #listPrefix} lists, then the directories left empty under the prefix. */
    @Override
    public void deletePrefix(String prefix) {
        for (FileInfo file : listPrefix(prefix)) {
            deleteFile(file.location());
        }
        Path start = path(prefix);
        if (Files.isDirectory(start)) {
            try (Stream<Path> walk = Files.walk(start)) {
                for (Path dir : walk.sorted(Comparator.reverseOrder()).filter(Files::isDirectory).toList()) {
                    try (Stream<Path> entries = Files.list(dir)) {
                        if (entries.findAny().isEmpty()) {
                            Files.deleteIfExists(dir);
                        }
                    }
                }
            } catch (IOException e) {
                throw new RuntimeIOException(e, "cannot delete %s", prefix);
            }
        }
    }

    private record LocalInput(String location, Path path, long knownLength) implements InputFile {

        @Override
        public long getLength() {
            if (knownLength >= 0) {
                return knownLength;
            }
            try {
                return Files.size(path);
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "file %s does not exist", location);
            } catch (IOException e) {
                throw new RuntimeIOException(e, "cannot read the size of %s", location);
            }
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                return new ChannelInput(FileChannel.open(path, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "file %s does not exist", location);
            } catch (IOException e) {
                throw new RuntimeIOException(e, "cannot open %s", location);
            }
        }

        @Override
        public boolean exists() {
            return Files.exists(path);
        }
    }

    private record LocalOutput(String location, Path path) implements OutputFile {

        @Override
        public PositionOutputStream create() {
            return open(StandardOpenOption.CREATE_NEW);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream open(StandardOpenOption... options) {
            try {
                Files.createDirectories(path.getParent());
                OutputStream out = Files.newOutputStream(path, concat(options));
                return new CountingOutput(out);
            } catch (FileAlreadyExistsException e) {
                throw new AlreadyExistsException(e, "file %s already exists", location);
            } catch (IOException e) {
                throw new RuntimeIOException(e, "cannot create %s", location);
            }
        }

        private static StandardOpenOption[] concat(StandardOpenOption[] options) {
            StandardOpenOption[] all = new StandardOpenOption[options.length + 1];
            System.arraycopy(options, 0, all, 0, options.length);
            all[options.length] = StandardOpenOption.WRITE;
            return all;
        }

        @Override
        public InputFile toInputFile() {
            return new LocalInput(location, path, -1);
        }
    }

    private static final class ChannelInput extends SeekableInputStream {
        private final FileChannel channel;
        private final ByteBuffer one = ByteBuffer.allocate(1);

        ChannelInput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
            channel.position(newPos);
        }

        @Override
        public int read() throws IOException {
            one.clear();
            int n = channel.read(one);
            return n <= 0 ? -1 : one.get(0) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class CountingOutput extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        CountingOutput(OutputStream out) {
            this.out = new java.io.BufferedOutputStream(out, 1 << 16);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
