package io.k2.floe.tiering.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.util.ZstdVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image configuration every service gets from this library (META-INF/native-image/io.k2.floe/tiering and
 * {@link ColdNativeRegistrations}) is complete and names only what exists. A native build takes ten minutes and
 * ~10 GB, so it stays out of the test command; this check is what the test command can afford: a library upgrade
 * that renames a class, or a zstd-jni release that adds one or renames its shared library, fails here instead of
 * in a native executable at run time (an UnsatisfiedLinkError on the first zstd page).
 */
class NativeImageConfigurationTest {

    private static final String DIR = "META-INF/native-image/io.k2.floe/tiering/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZSTD_JNI_PACKAGE = "com.github.luben.zstd";

    @Test
    void everyClassRegisteredForJniExistsAndEveryZstdJniClassIsRegistered() throws Exception {
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : json("jni-config.json")) {
            registered.add(entry.get("name").asText());
        }
        registered.forEach(NativeImageConfigurationTest::assertLoadable);
        // zstd-jni's C code reaches fields (srcPos, dstPos, nativePtr) and a constructor through JNI: all of its
        // classes are registered, so a release that adds one must add it here too.
        assertThat(registered).containsAll(zstdJniClasses());
    }

    @Test
    void theSharedLibraryZstdJniLoadsOnThisPlatformIsIncludedAsAResource() throws Exception {
        // The name zstd-jni's Native class extracts and loads: <os>/<arch>/libzstd-jni-<version>.so.
        String library = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";
        assertThat(Zstd.class.getClassLoader().getResource(library)).as(library).isNotNull();
        List<Pattern> includes = new ArrayList<>();
        for (JsonNode include : json("resource-config.json").get("resources").get("includes")) {
            includes.add(Pattern.compile(include.get("pattern").asText()));
        }
        assertThat(includes).anySatisfy(p -> assertThat(p.matcher(library).matches()).isTrue());
        assertThat(includes).noneSatisfy(p -> assertThat(p.matcher("linux/amd64/libsnappyjava.so").matches()).isTrue());
    }

    @Test
    void everyClassInitialisedAtRunTimeExists() throws IOException, URISyntaxException {
        Properties properties = new Properties();
        try (InputStream in = resource("native-image.properties")) {
            properties.load(in);
        }
        Matcher options = Pattern.compile("--initialize-at-run-time=(\\S+)").matcher(properties.getProperty("Args"));
        List<String> classes = new ArrayList<>();
        while (options.find()) {
            classes.addAll(Arrays.asList(options.group(1).split(",")));
        }
        // zstd-jni as a package: every one of its classes loads the library in its static initialiser, so none may
        // be initialised in the builder (the one package named; everything else is a class).
        assertThat(classes).contains("org.apache.avro.file.DataFileWriter", ZSTD_JNI_PACKAGE);
        assertThat(zstdJniClasses()).allSatisfy(c -> assertThat(c).startsWith(ZSTD_JNI_PACKAGE + "."))
                .contains(ZSTD_JNI_PACKAGE + ".util.Native", ZSTD_JNI_PACKAGE + ".ZstdOutputStreamNoFinalizer");
        classes.stream().filter(c -> !c.equals(ZSTD_JNI_PACKAGE)).forEach(NativeImageConfigurationTest::assertLoadable);
    }

    @Test
    void everyClassRegisteredForReflectionByNameExists() {
        List<String> names = new ArrayList<>();
        for (Class<?> holder : List.of(ColdNativeRegistrations.class, ColdNativeRegistrations.ConstructedOnly.class)) {
            names.addAll(Arrays.asList(holder.getAnnotation(RegisterForReflection.class).classNames()));
        }
        assertThat(names).contains("org.apache.parquet.hadoop.codec.ZstandardCodec", ColdCatalogs.S3_FILE_IO,
                "org.apache.iceberg.GenericManifestFile", "org.apache.iceberg.GenericPartitionFieldSummary");
        names.forEach(NativeImageConfigurationTest::assertLoadable);
    }

    private static void assertLoadable(String name) {
        try {
            Class.forName(name, false, NativeImageConfigurationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the native-image configuration names " + name + ", which is not on the class path", e);
        }
    }

    private static Set<String> zstdJniClasses() throws IOException, URISyntaxException {
        Path jar = Path.of(Zstd.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("com/github/luben/zstd/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return JSON.readTree(in);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = NativeImageConfigurationTest.class.getClassLoader().getResourceAsStream(DIR + name);
        assertThat(in).as(DIR + name).isNotNull();
        return in;
    }
}
