package io.k2.floe.tiering.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Signing keys and bearer tokens for the coordinator's REST API: an RSA key pair as PEM files (the public key is what
 * the coordinator verifies tokens against, {@code FLOE_API_JWT_PUBLIC_KEY}), and RS256-signed JWTs carrying the
 * caller's roles in the {@code groups} claim ({@code floe-reader}, {@code floe-operator}), as SmallRye JWT reads them.
 * <p>
 * JDK only, on purpose: the local stack runs this file as a single-file program ({@code java ApiTokens.java keygen DIR},
 * {@code java ApiTokens.java mint DIR ROLE}) before anything is built, and the tests mint their tokens with it. In
 * production tokens come from the organisation's identity provider; this is for the local stack and the tests.
 */
public final class ApiTokens {

    /** Role of callers that may read (every GET). */
    public static final String READER = "floe-reader";
    /** Role of callers that may change state (every POST); they may read too. */
    public static final String OPERATOR = "floe-operator";
    /** File names of the key pair in its directory. */
    public static final String PRIVATE_KEY_FILE = "api-signing-key.pem";
    public static final String PUBLIC_KEY_FILE = "api-public-key.pem";
    /** The issuer the local stack and the tests sign with (and the coordinator expects by default). */
    public static final String LOCAL_ISSUER = "floe-local";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey signingKey;
    private final String issuer;

    private ApiTokens(PrivateKey signingKey, String issuer) {
        this.signingKey = signingKey;
        this.issuer = issuer;
    }

    /** Tokens signed with the private key in {@code keyDir} (written by {@link #generateKeys}), issued by {@code issuer}. */
    public static ApiTokens fromKeyDir(Path keyDir, String issuer) {
        try {
            String pem = Files.readString(keyDir.resolve(PRIVATE_KEY_FILE), StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new ApiTokens(key, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API signing key in " + keyDir, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the API signing key in " + keyDir + " is not a PKCS#8 RSA key", e);
        }
    }

    /**
     * Writes a new 2048-bit RSA key pair into {@code keyDir}: the private key readable by its owner only, the public
     * key as an X.509 SubjectPublicKeyInfo PEM (what {@code mp.jwt.verify.publickey.location} reads). Keeps an existing
     * pair unless {@code replace}.
     */
    public static void generateKeys(Path keyDir, boolean replace) {
        Path privateFile = keyDir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = keyDir.resolve(PUBLIC_KEY_FILE);
        if (!replace && Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
            return;
        }
        try {
            Files.createDirectories(keyDir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Path tmp = keyDir.resolve(PUBLIC_KEY_FILE + ".tmp");
            Files.writeString(tmp, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            Files.move(tmp, publicFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API key pair into " + keyDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA keys", e);
        }
    }

    /** A token for {@code subject} with {@code roles}, valid from now for {@code lifetime}. */
    public String mint(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(issuer)
                + ",\"sub\":" + quote(subject)
                + ",\"upn\":" + quote(subject)
                + ",\"groups\":[" + roles.stream().map(ApiTokens::quote).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(lifetime).getEpochSecond()
                + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signed = encode(header) + "." + encode(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
    }

    /** A token with one role, named after it, valid for an hour: what tests and the local scripts use. */
    public String forRole(String role) {
        return mint(role, List.of(role), Duration.ofHours(1));
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * {@code keygen DIR} writes a key pair into DIR (kept if there is one); {@code mint DIR ROLE [TTL]} prints a token
     * for ROLE ({@code floe-reader} or {@code floe-operator}) signed with DIR's private key, valid for TTL (an ISO-8601
     * duration, default PT1H), issued by {@code $FLOE_API_JWT_ISSUER} (default {@value #LOCAL_ISSUER}).
     */
    public static void main(String[] args) {
        String usage = "usage: ApiTokens keygen DIR | ApiTokens mint DIR floe-reader|floe-operator [TTL, e.g. PT8H]";
        if (args.length >= 2 && args[0].equals("keygen")) {
            generateKeys(Path.of(args[1]), false);
            return;
        }
        if (args.length >= 3 && args[0].equals("mint")) {
            String role = args[2];
            if (!role.equals(READER) && !role.equals(OPERATOR)) {
                System.err.println("unknown role '" + role + "': the API knows " + READER + " and " + OPERATOR);
                System.exit(2);
            }
            Duration ttl = args.length >= 4 ? Duration.parse(args[3]) : Duration.ofHours(1);
            String issuer = System.getenv().getOrDefault("FLOE_API_JWT_ISSUER", LOCAL_ISSUER);
            System.out.println(fromKeyDir(Path.of(args[1]), issuer).mint(role, List.of(role), ttl));
            return;
        }
        System.err.println(usage);
        System.exit(2);
    }
}
