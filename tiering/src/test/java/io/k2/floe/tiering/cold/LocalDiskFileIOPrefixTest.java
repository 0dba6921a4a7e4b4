package io.k2.floe.tiering.cold;

import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefix listing and deletion on a real directory, as orphan-file cleanup uses them. */
class LocalDiskFileIOPrefixTest {

    @TempDir
    Path dir;

    private final LocalDiskFileIO io = new LocalDiskFileIO();

    private Path file(String relative, String content) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static List<FileInfo> list(Iterable<FileInfo> files) {
        List<FileInfo> all = new ArrayList<>();
        files.forEach(all::add);
        return all;
    }

    @Test
    void listsEveryFileUnderADirectoryPrefixAtAnyDepthWithSizeAndTime() throws Exception {
        io.initialize(Map.of());
        Path a = file("t/data/day=1/a.parquet", "12345");
        file("t/metadata/v1.metadata.json", "{}");
        file("t2/data/b.parquet", "sibling");
        Instant written = Instant.parse("2026-01-02T03:04:05Z");
        Files.setLastModifiedTime(a, FileTime.from(written));

        List<FileInfo> plain = list(io.listPrefix(dir.resolve("t") + "/"));
        assertThat(plain).extracting(FileInfo::location).containsExactlyInAnyOrder(
                dir.resolve("t/data/day=1/a.parquet").toString(), dir.resolve("t/metadata/v1.metadata.json").toString());
        FileInfo info = plain.stream().filter(f -> f.location().endsWith("a.parquet")).findFirst().orElseThrow();
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.createdAtMillis()).isEqualTo(written.toEpochMilli());

        // spelt as the prefix is: file: URIs in, file: URIs out
        assertThat(list(io.listPrefix(dir.resolve("t").toUri() + "/"))).extracting(FileInfo::location)
                .allMatch(l -> l.startsWith("file:")).hasSize(2);
        // without the slash it is a prefix of names, as on an object store: the sibling t2 matches too
        assertThat(list(io.listPrefix(dir.resolve("t").toString()))).hasSize(3);
        assertThat(list(io.listPrefix(dir.resolve("missing") + "/"))).isEmpty();
    }

    @Test
    void deletesEveryFileUnderThePrefixAndNothingElse() throws Exception {
        io.initialize(Map.of());
        file("t/data/a.parquet", "a");
        file("t/metadata/m.avro", "m");
        Path sibling = file("t2/data/b.parquet", "b");

        io.deletePrefix(dir.resolve("t") + "/");
        assertThat(Files.exists(dir.resolve("t/data/a.parquet"))).isFalse();
        assertThat(Files.exists(dir.resolve("t/metadata/m.avro"))).isFalse();
        assertThat(Files.exists(sibling)).isTrue();
        assertThat(list(io.listPrefix(dir.resolve("t") + "/"))).isEmpty();
    }
}
