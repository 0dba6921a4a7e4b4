package io.k2.floe.tiering.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The substitutions name classes and methods that exist in the libraries on the class path: an Iceberg or AWS SDK
 * upgrade that renames or removes one fails here, in seconds, instead of in a ten-minute native build.
 */
class SubstitutionTargetsTest {

    private static final List<Class<?>> SUBSTITUTIONS = List.of(
            AnalyticsAcceleratorSubstitutions.BaseS3FileAlias.class,
            AnalyticsAcceleratorSubstitutions.S3UriAlias.class,
            AnalyticsAcceleratorSubstitutions.S3InputStreamAlias.class,
            AnalyticsAcceleratorSubstitutions.S3InputFileSubstitution.class,
            AnalyticsAcceleratorSubstitutions.PrefixedS3ClientSubstitution.class,
            AwsCrtSubstitutions.ChecksumProviderSubstitution.class,
            AwsCrtSubstitutions.S3AsyncClientSubstitution.class);

    @Test
    void everySubstitutedMethodExistsInItsTargetClassWithTheSameName() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> substitution : SUBSTITUTIONS) {
            String targetName = substitution.getAnnotation(TargetClass.class).className();
            // Read from the class file, not through reflection: the targets' signatures name the very classes that
            // are missing, so loading their methods would fail.
            Map<String, Integer> targetMethods = methods(targetName);
            for (Method method : substitution.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Substitute.class) && !method.isAnnotationPresent(Alias.class)) {
                    continue;
                }
                assertThat(targetMethods).as("%s.%s", targetName, method.getName())
                        .containsEntry(method.getName(), method.getParameterCount());
                checked.add(method.getName());
            }
        }
        assertThat(checked).containsExactlyInAnyOrder("client", "uri", "s3FileIOProperties", "metrics", "newStream",
                "close", "createCrtCrc32C", "crtXxHash", "crc64NvmeCrtImplementation", "crtBuilder", "crtCreate");
    }

    /** Method name to parameter count, as the class file declares them. */
    private Map<String, Integer> methods(String className) throws IOException {
        Map<String, Integer> methods = new HashMap<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            assertThat(in).as(className + " on the class path").isNotNull();
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    methods.put(name, org.objectweb.asm.Type.getArgumentTypes(descriptor).length);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        }
        return methods;
    }
}
