package io.k2.floe.coordinator;

import io.k2.floe.tiering.security.ApiTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh API signing key pair for every start of the coordinator under test (never a key kept in the repository):
 * the coordinator verifies tokens against its public half, and the tests mint their tokens with the private half
 * ({@code floe.test.api-key-dir}, read by {@link io.k2.floe.coordinator.api.Callers}). Applies to every test class.
 */
@QuarkusTestResource(TestApiKeys.class)
public class TestApiKeys implements QuarkusTestResourceLifecycleManager {

    /** The property naming the directory of the key pair, for the tests' token minting. */
    public static final String KEY_DIR = "floe.test.api-key-dir";
    public static final String ISSUER = "floe-test";

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "api-test-keys", UUID.randomUUID().toString()).toAbsolutePath();
        ApiTokens.generateKeys(dir, true);
        return Map.of(
                "mp.jwt.verify.publickey.location", dir.resolve(ApiTokens.PUBLIC_KEY_FILE).toString(),
                "mp.jwt.verify.issuer", ISSUER,
                KEY_DIR, dir.toString());
    }

    @Override
    public void stop() {
    }
}
