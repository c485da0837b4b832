package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Serve-mode configuration (YAML). Relative paths resolve against the folder the gateway runs in.
 *
 * @param host           interface the HTTP API listens on (loopback by default)
 * @param port           HTTP port
 * @param maxBodyBytes   largest feed accepted over HTTP (413 above)
 * @param inbox          inbox root: one folder per feed id; files move to done/ or error/ beside it
 * @param out            output root: submissions/&lt;id&gt;/ per submission
 * @param mappings       mappings folder
 * @param ledgerUrl      JDBC URL of the ledger (embedded H2 file by default; PostgreSQL by URL)
 * @param ledgerUser     database user
 * @param ledgerPassword database password
 * @param principals     API keys (stored as SHA-256 hex, never in clear) and what they may do
 */
public record ServeConfig(String host, int port, long maxBodyBytes, Path inbox, Path out, Path mappings,
                          String ledgerUrl, String ledgerUser, String ledgerPassword, List<Principal> principals) {

    public ServeConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == 0 ? 8480 : port;
        maxBodyBytes = maxBodyBytes == 0 ? 100L * 1024 * 1024 : maxBodyBytes;
        inbox = inbox == null ? Path.of("inbox") : inbox;
        out = out == null ? Path.of("out") : out;
        mappings = mappings == null ? Path.of("mappings") : mappings;
        ledgerUrl = ledgerUrl == null ? "jdbc:h2:file:./data/ledger" : ledgerUrl;
        ledgerUser = ledgerUser == null ? (ledgerUrl.startsWith("jdbc:h2:") ? "sa" : "") : ledgerUser;
        ledgerPassword = ledgerPassword == null ? "" : ledgerPassword;
        principals = principals == null ? List.of() : List.copyOf(principals);
    }

    public static ServeConfig defaults() {
        return new ServeConfig(null, 0, 0, null, null, null, null, null, null, null);
    }

    public static ServeConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return yaml.readValue(file.toFile(), ServeConfig.class);
    }
}
