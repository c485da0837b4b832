package io.concord.gateway.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Who calls the API, identified by an API key whose SHA-256 (hex) is all the configuration holds. API keys are
 * long random tokens, so a plain digest resists guessing; the clear key is never stored.
 *
 * @param name       principal name, recorded with every submission
 * @param role       FIRM (submits and reads its own firms' data), REGULATOR (reads every report), MAINTAINER
 *                   (reloads mappings)
 * @param leis       for FIRM: the LEIs it may submit and read
 * @param keySha256  hex SHA-256 of the API key
 */
public record Principal(String name, Role role, List<String> leis, String keySha256) {

    public enum Role { FIRM, REGULATOR, MAINTAINER }

    /** The principal files dropped in the inbox are attributed to: the operator. */
    public static final Principal INBOX = new Principal("inbox", Role.MAINTAINER, List.of(), "");

    /** The principal files fetched by HTTP polling are attributed to: the operator who configured the poll. */
    public static final Principal POLL = new Principal("poll", Role.MAINTAINER, List.of(), "");

    public Principal {
        leis = leis == null ? List.of() : List.copyOf(leis);
    }

    public Set<String> firms() {
        return Set.copyOf(leis);
    }

    public static String hash(String apiKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented key against this principal's digest. */
    public boolean matches(String apiKey) {
        return MessageDigest.isEqual(hash(apiKey).getBytes(StandardCharsets.US_ASCII),
                keySha256.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
