package io.concord.gateway.serve;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who calls the API, identified by an API key of which the configuration holds only a salted digest:
 * {@code sha256:<salt, 32 hex digits>:<SHA-256 of salt bytes + key bytes, 64 hex digits>}. Keys are generated
 * high-entropy values ({@link #newKey()}, {@code concord keys new}: 256 random bits), so one salted SHA-256 resists
 * guessing; the per-key salt makes two principals with the same key, or a key reused elsewhere, look unrelated in
 * the configuration. The clear key is never stored.
 *
 * <p>The configuration format before salting ({@code keySha256}: the bare SHA-256 hex of the key) is still read, so
 * a running deployment keeps its keys until they are rotated, but the gateway warns at start for every such
 * principal ({@link #legacy()}).
 *
 * @param name    principal name, recorded with every submission
 * @param role    FIRM (submits and reads its own firms' data), REGULATOR (reads every report), MAINTAINER (reloads
 *                mappings)
 * @param leis    for FIRM: the LEIs it may submit and read
 * @param keyHash the salted digest of the API key ({@code sha256:salt:hash}); {@code sha256::hash} for a legacy
 *                unsalted one
 */
public record Principal(String name, Role role, List<String> leis, String keyHash) {

    public enum Role { FIRM, REGULATOR, MAINTAINER }

    /** The principal files dropped in the inbox are attributed to: the operator. */
    public static final Principal INBOX = new Principal("inbox", Role.MAINTAINER, List.of(), "");

    /** The principal files fetched by HTTP polling are attributed to: the operator who configured the poll. */
    public static final Principal POLL = new Principal("poll", Role.MAINTAINER, List.of(), "");

    /**
     * The keys the README and config/serve.example.yaml print: anyone can read them, so a gateway holding one must
     * not listen beyond loopback.
     */
    public static final List<String> DEMO_KEYS = List.of("hudson-demo-key", "larkspur-demo-key",
            "regulator-demo-key", "maintainer-demo-key");

    private static final Pattern HASH = Pattern.compile("sha256:([0-9a-f]{32})?:([0-9a-f]{64})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Principal {
        leis = leis == null ? List.of() : List.copyOf(leis);
        keyHash = keyHash == null ? "" : keyHash.toLowerCase(Locale.ROOT);
    }

    /**
     * A principal as the configuration gives it: {@code keyHash} ({@code sha256:salt:hash}), or the legacy
     * {@code keySha256}; exactly one of them.
     */
    @JsonCreator
    static Principal fromConfiguration(@JsonProperty("name") String name, @JsonProperty("role") Role role,
                                       @JsonProperty("leis") List<String> leis,
                                       @JsonProperty("keyHash") String keyHash,
                                       @JsonProperty("keySha256") String keySha256) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a principal needs a name");
        }
        if (role == null) {
            throw new IllegalArgumentException("principal " + name + " needs a role (FIRM, REGULATOR, MAINTAINER)");
        }
        if ((keyHash == null) == (keySha256 == null)) {
            throw new IllegalArgumentException("principal " + name + " needs exactly one of keyHash (from "
                    + "'concord keys new') or the legacy keySha256");
        }
        String hash = keyHash != null ? keyHash : "sha256::" + keySha256;
        if (!HASH.matcher(hash.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("principal " + name + ": " + (keyHash != null
                    ? "keyHash is not sha256:<32 hex digits of salt>:<64 hex digits of hash>"
                    : "keySha256 is not 64 hex digits") + " (make one with 'concord keys new')");
        }
        return new Principal(name, role, leis, hash);
    }

    public Set<String> firms() {
        return Set.copyOf(leis);
    }

    /** A new API key: 256 random bits, base64url without padding (43 characters). */
    public static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of {@code apiKey} with a fresh random salt: {@code sha256:<salt>:<hash>}. */
    public static String hash(String apiKey) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "sha256:" + HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(digest(salt, apiKey));
    }

    private static byte[] digest(byte[] salt, String apiKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented key against this principal's salted digest. */
    public boolean matches(String apiKey) {
        var m = HASH.matcher(keyHash);
        if (!m.matches()) {
            return false; // INBOX and POLL hold no key
        }
        byte[] salt = m.group(1) == null ? new byte[0] : HexFormat.of().parseHex(m.group(1));
        return MessageDigest.isEqual(digest(salt, apiKey), HexFormat.of().parseHex(m.group(2)));
    }

    /** Its key is stored unsalted (the configuration's legacy {@code keySha256}). */
    public boolean legacy() {
        return keyHash.startsWith("sha256::");
    }

    /** Its key is one of the published {@link #DEMO_KEYS}. */
    public boolean demo() {
        return DEMO_KEYS.stream().anyMatch(this::matches);
    }
}
