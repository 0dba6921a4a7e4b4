import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Creates (or updates) the local broker's SCRAM-SHA-512 user, whose password is read from a file in the state dir's
 * secrets (never from the command line, where other users could read it in the process list). Upserting is
 * idempotent: the user ends with exactly this password.
 *
 * <p>Run by deploy/local/up through the broker's plaintext listener, with the broker's own jars on the class path:
 * {@code java -cp 'lib/*' EnsureScramUser.java 127.0.0.1:19092 floe secrets/kafka-scram-password}
 */
public class EnsureScramUser {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EnsureScramUser BOOTSTRAP USER PASSWORD_FILE");
            System.exit(2);
        }
        String user = args[1];
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        System.err.println("SCRAM-SHA-512 credentials of user '" + user + "' are set");
    }
}
