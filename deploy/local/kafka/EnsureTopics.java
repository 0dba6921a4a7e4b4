import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics listed in deploy/local/topics.txt ("name partitions" per line) that the
 * local broker does not have yet, in one JVM (one kafka-topics.sh run per topic would cost
 * seconds each). Existing topics are left as they are; a partition count lower than listed is
 * reported, because shrinking or silently growing a topic would reorder keyed data.
 *
 * <p>Run by deploy/local/up with the broker's own jars on the class path:
 * {@code java -cp 'lib/*' EnsureTopics.java 127.0.0.1:19092 deploy/local/topics.txt}
 */
public class EnsureTopics {

    private record Wanted(String name, int partitions) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EnsureTopics <bootstrap servers> <topics file>");
            System.exit(2);
        }
        List<Wanted> wanted = read(Path.of(args[1]));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        int problems = 0;
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> toCreate = new ArrayList<>();
            for (Wanted w : wanted) {
                if (!existing.contains(w.name())) {
                    toCreate.add(new NewTopic(w.name(), w.partitions(), (short) 1));
                }
            }
            for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> e :
                    admin.createTopics(toCreate).values().entrySet()) {
                try {
                    e.getValue().get();
                    System.err.println("created topic " + e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        System.err.println("cannot create topic " + e.getKey() + ": " + ex.getCause());
                        problems++;
                    }
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(
                    wanted.stream().map(Wanted::name).toList()).allTopicNames().get();
            for (Wanted w : wanted) {
                int actual = described.get(w.name()).partitions().size();
                if (actual < w.partitions()) {
                    System.err.println("topic " + w.name() + " has " + actual + " partitions, topics.txt wants "
                            + w.partitions() + "; delete it (or run deploy/local/down kafka --wipe) to recreate it");
                    problems++;
                }
            }
        }
        System.exit(problems == 0 ? 0 : 1);
    }

    private static List<Wanted> read(Path file) throws Exception {
        List<Wanted> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            if (parts.length != 2 || !parts[1].matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException(file + ":" + lineNo
                        + ": expected '<topic> <partitions>', got '" + t + "'");
            }
            out.add(new Wanted(parts[0], Integer.parseInt(parts[1])));
        }
        return out;
    }
}
