package io.k2.floe.offload.bench;

import io.k2.floe.tiering.testing.bench.BenchException;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the worker's time went during the offload, from its Flight Recorder file (events between the command's send
 * and its answer only): CPU samples by component, the hottest methods, samples per thread, GC pauses, the JVM's and
 * the machine's CPU load, and the most allocated classes. Prints a human-readable report (not key=value).
 *
 * <p>A sample's component ("self") is that of the innermost frame outside the JDK: time in {@code String.<init>} or
 * {@code OffsetDateTime} called by the row sink is the row sink's, time in a byte stream written by Parquet is
 * Parquet's. Only the JDK's HTTP client and socket code count as components of their own. "Inclusive" counts a
 * sample for every component anywhere on its stack.
 *
 * <p>Arguments: {@code FILE.jfr FROM TO TOP}.
 */
final class ProfileSummary {

    /** Components by class-name prefix; the first match wins, so the more specific prefixes come first. */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("io.k2.floe.tiering.warm.", "RowBinary decode (tiering warm)");
        COMPONENTS.put("io.k2.floe.tiering.cold.ColdRowSink", "row sink: values -> Iceberg record");
        COMPONENTS.put("org.apache.iceberg.data.GenericRecord", "row sink: values -> Iceberg record");
        COMPONENTS.put("org.apache.iceberg.util.DateTimeUtil", "row sink: values -> Iceberg record");
        COMPONENTS.put("io.k2.floe.tiering.cold.", "cold writer / commit (tiering cold)");
        COMPONENTS.put("com.github.luben.zstd", "zstd compression");
        COMPONENTS.put("io.airlift.compress", "zstd compression");
        COMPONENTS.put("org.apache.parquet.hadoop.codec", "zstd compression");
        COMPONENTS.put("org.apache.hadoop.io.compress", "zstd compression");
        COMPONENTS.put("org.apache.parquet.", "Parquet encoding");
        COMPONENTS.put("shaded.parquet.", "Parquet encoding");
        COMPONENTS.put("org.apache.iceberg.parquet.", "Iceberg Parquet value writers");
        COMPONENTS.put("org.apache.iceberg.io.", "Iceberg partitioning / clustered writer");
        COMPONENTS.put("org.apache.iceberg.PartitionKey", "Iceberg partitioning / clustered writer");
        COMPONENTS.put("org.apache.iceberg.data.InternalRecordWrapper", "Iceberg partitioning / clustered writer");
        COMPONENTS.put("org.apache.iceberg.types.Comparators", "Iceberg partitioning / clustered writer");
        COMPONENTS.put("org.apache.iceberg.transforms.", "Iceberg partitioning / clustered writer");
        COMPONENTS.put("org.apache.iceberg.", "Iceberg (other)");
        COMPONENTS.put("software.amazon.", "S3 client");
        COMPONENTS.put("com.ctc.wstx.", "S3 client");
        COMPONENTS.put("io.k2.floe.offload.", "offload worker (orchestration)");
        COMPONENTS.put("com.fasterxml.jackson.", "JSON (Jackson)");
        COMPONENTS.put("jdk.internal.net.http.", "HTTP client (ClickHouse stream)");
        COMPONENTS.put("java.net.http.", "HTTP client (ClickHouse stream)");
        COMPONENTS.put("sun.nio.", "socket / file I/O");
        COMPONENTS.put("java.nio.", "socket / file I/O");
        COMPONENTS.put("org.apache.kafka.", "Kafka client");
        COMPONENTS.put("io.vertx.", "Quarkus / Vert.x");
        COMPONENTS.put("io.quarkus.", "Quarkus / Vert.x");
        COMPONENTS.put("io.smallrye.", "Quarkus / Vert.x");
        COMPONENTS.put("org.jboss.", "Quarkus / Vert.x");
        COMPONENTS.put("io.netty.", "Quarkus / Vert.x");
        COMPONENTS.put("io.micrometer.", "metrics");
    }

    private ProfileSummary() {
    }

    static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new BenchException("usage: profile FILE.jfr FROM TO TOP");
        }
        Path file = Path.of(args[0]);
        Instant from = Instant.parse(args[1]);
        Instant to = Instant.parse(args[2]);
        int top = Integer.parseInt(args[3]);

        long samples = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> selfComponent = new HashMap<>();
        Map<String, Long> inclusiveComponent = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        long gcCount = 0;
        Duration gcPauses = Duration.ZERO;
        double jvmLoad = 0;
        double machineLoad = 0;
        int loadSamples = 0;

        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = stack.getFrames();
                    self.merge(method(frames.get(0)), 1L, Long::sum);
                    String owner = "JDK (other)";
                    for (RecordedFrame frame : frames) {
                        String c = component(frame);
                        if (c != null) {
                            owner = c;
                            break;
                        }
                    }
                    selfComponent.merge(owner, 1L, Long::sum);
                    Set<String> on = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String c = component(frame);
                        if (c != null) {
                            on.add(c);
                        }
                    }
                    on.forEach(c -> inclusiveComponent.merge(c, 1L, Long::sum));
                    String thread = event.getThread("sampledThread") == null ? "?"
                            : event.getThread("sampledThread").getJavaName();
                    threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.CPULoad" -> {
                    jvmLoad += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineLoad += event.getFloat("machineTotal");
                    loadSamples++;
                }
                case "jdk.ObjectAllocationSample" -> {
                    String type = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
                    allocated.merge(type, event.getLong("weight"), Long::sum);
                }
                default -> {
                }
            }
        }

        System.out.printf("Profile of the worker from %s to %s (%s)%n", from, to, Duration.between(from, to));
        System.out.printf("  %,d CPU samples of Java threads (JFR 'profile' settings)%n", samples);
        if (samples == 0) {
            return;
        }
        System.out.println();
        System.out.println("  CPU samples by component                       self    inclusive (anywhere on the stack)");
        final long total = samples;
        // components under half a percent of the samples are summed into one line
        long small = 0;
        for (Map.Entry<String, Long> e : selfComponent.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            if (e.getValue() * 200 < total) {
                small += e.getValue();
                continue;
            }
            System.out.printf("    %-42s %5.1f %%      %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / total,
                    100.0 * inclusiveComponent.getOrDefault(e.getKey(), 0L) / total);
        }
        if (small > 0) {
            System.out.printf("    %-42s %5.1f %%%n", "(smaller components together)", 100.0 * small / total);
        }
        System.out.println();
        System.out.println("  hottest methods (self)");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        System.out.println();
        System.out.println("  samples by thread");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        System.out.println();
        System.out.printf("  GC: %d collections, %.2f s of pauses%n", gcCount, gcPauses.toNanos() / 1e9);
        if (loadSamples > 0) {
            System.out.printf("  CPU load (share of all cores): this JVM %.0f %%, whole machine %.0f %%%n",
                    100 * jvmLoad / loadSamples, 100 * machineLoad / loadSamples);
        }
        long allocatedTotal = allocated.values().stream().mapToLong(Long::longValue).sum();
        if (allocatedTotal > 0) {
            System.out.printf("  allocation (sampled estimate): %,.0f MiB in total; top classes:%n", allocatedTotal / 1048576.0);
            allocated.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.printf("    %5.1f %%  %s%n", 100.0 * e.getValue() / allocatedTotal, e.getKey()));
        }
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The frame's component; null for JDK code that belongs to its caller. */
    private static String component(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        for (Map.Entry<String, String> e : COMPONENTS.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
            return null;
        }
        int cut = type.indexOf('.', type.indexOf('.') + 1);
        return "other: " + (cut < 0 ? type : type.substring(0, cut)) + ".*";
    }
}
