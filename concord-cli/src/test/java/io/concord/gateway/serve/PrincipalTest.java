package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys as the configuration stores them: salted digests, the legacy unsalted form, demo keys. */
class PrincipalTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void aKeyIsStoredWithItsOwnSaltAndOnlyThatKeyMatches() throws Exception {
        String key = Principal.newKey();
        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+"); // 256 bits, base64url without padding
        assertThat(Principal.newKey()).isNotEqualTo(key);
        String first = Principal.hash(key);
        String second = Principal.hash(key);
        assertThat(first).matches("sha256:[0-9a-f]{32}:[0-9a-f]{64}").isNotEqualTo(second);

        // the digest is SHA-256 over the salt's bytes followed by the key's UTF-8 bytes, worked out here
        String[] parts = first.split(":");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex(parts[1]));
        assertThat(HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)))).isEqualTo(parts[2]);

        Principal p = new Principal("hudson", Principal.Role.FIRM, List.of("549300HUDSONCLR0RG39"), first);
        assertThat(p.matches(key)).isTrue();
        assertThat(p.matches(key + " ")).isFalse();
        assertThat(p.matches(key.substring(1))).isFalse();
        assertThat(p.legacy()).isFalse();
        assertThat(p.demo()).isFalse();
        assertThat(Principal.INBOX.matches("")).isFalse();
    }

    @Test
    void theConfigurationReadsKeyHashAndStillReadsTheUnsaltedFormFlaggedLegacy() throws Exception {
        String hash = Principal.hash("k");
        Principal p = YAML.readValue("{name: a, role: FIRM, leis: [549300HUDSONCLR0RG39], keyHash: \"" + hash + "\"}",
                Principal.class);
        assertThat(p.matches("k")).isTrue();
        // printf '%s' 'hudson-demo-key' | sha256sum: the example configuration's entry before salting
        Principal old = YAML.readValue("{name: h, role: FIRM, keySha256: "
                + "722f22868d09f7ae50b3fa3715f3820833475e6d6e9b664d86171bbba50f1374}", Principal.class);
        assertThat(old.matches("hudson-demo-key")).isTrue();
        assertThat(old.legacy()).isTrue();
        assertThat(old.demo()).isTrue();

        assertThatThrownBy(() -> YAML.readValue("{name: a, role: FIRM}", Principal.class))
                .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("exactly one of keyHash");
        assertThatThrownBy(() -> YAML.readValue("{name: a, role: FIRM, keyHash: \"sha256:zz:00\"}", Principal.class))
                .hasMessageContaining("keyHash is not sha256:");
        assertThatThrownBy(() -> YAML.readValue("{name: a, role: FIRM, keyHash: \"" + hash + "\", keySha256: "
                + "722f22868d09f7ae50b3fa3715f3820833475e6d6e9b664d86171bbba50f1374}", Principal.class))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> YAML.readValue("{name: a, keyHash: \"" + hash + "\"}", Principal.class))
                .hasMessageContaining("needs a role");
    }

    @Test
    void everyPublishedDemoKeyIsKnownAsOne() {
        for (String demo : Principal.DEMO_KEYS) {
            assertThat(new Principal("d", Principal.Role.REGULATOR, List.of(), Principal.hash(demo)).demo()).isTrue();
        }
    }
}
