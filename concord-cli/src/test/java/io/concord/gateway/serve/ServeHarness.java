package io.concord.gateway.serve;

import io.concord.testing.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.ServeRuntime;
import io.concord.report.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A serve-mode gateway in process for API tests: its own folder (a copy of the shipped mappings, inbox, out, an
 * embedded H2 ledger), listening on a free loopback port, and an HTTP client for it.
 */
final class ServeHarness implements AutoCloseable {

    static final String HUDSON = "549300HUDSONCLR0RG39";
    static final String LARKSPUR = "549300LARKSPURSEC059";
    static final String MERIDIAN = "5493007MERIDIANFUT65";

    /** Each principal's API key is {@code k-<name>}. */
    static Principal principal(String name, Principal.Role role, String... leis) {
        return new Principal(name, role, List.of(leis), Principal.hash("k-" + name));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path dir;
    final ServeRuntime runtime;
    final String base;

    final ServeConfig config;

    ServeHarness(Path dir, long maxBodyBytes, List<Principal> principals) throws Exception {
        this(dir, maxBodyBytes, principals, c -> c);
    }

    /** A gateway whose configuration {@code adjust} changes (limits, TLS, inbox convention). */
    ServeHarness(Path dir, long maxBodyBytes, List<Principal> principals,
                 java.util.function.UnaryOperator<ServeConfig> adjust) throws Exception {
        this(dir, maxBodyBytes, principals, adjust, c -> c);
    }

    /** A gateway whose serve settings {@code adjust} and whole configuration {@code concord} change (the bus). */
    ServeHarness(Path dir, long maxBodyBytes, List<Principal> principals,
                 java.util.function.UnaryOperator<ServeConfig> adjust,
                 java.util.function.UnaryOperator<ConcordConfig> concord) throws Exception {
        this.dir = dir;
        int port = freePort();
        Path mappings = dir.resolve("mappings");
        TestFiles.copyTree(Path.of("mappings"), mappings);
        config = adjust.apply(new ServeConfig("127.0.0.1", port, maxBodyBytes, dir.resolve("inbox"),
                dir.resolve("out"), mappings, "jdbc:h2:file:" + dir.resolve("data/ledger"), null, null, principals));
        runtime = new ServeRuntime(concord.apply(ConcordConfig.defaults().withServe(config)));
        runtime.start();
        base = config.apiUrl();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        runtime.stop();
    }

    /** An answer: status, media type, the body as bytes, and as JSON when it is JSON. */
    record Reply(int status, String type, byte[] bytes) {
        JsonNode body() {
            try {
                return bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + type + "): " + new String(bytes, 0, Math.min(200,
                        bytes.length)), e);
            }
        }
    }

    Reply call(String method, String path, String key, byte[] body, String type) throws Exception {
        return call(method, path, key, body, type, null);
    }

    Reply call(String method, String path, String key, byte[] body, String type, String fileName) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (fileName != null) {
            b.header("X-File-Name", fileName);
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Reply get(String path, String key) throws Exception {
        return call("GET", path, key, null, null);
    }

    /**
     * Submits a file under its own name, as a firm's system would, and waits until the current state (margin,
     * reports, regulator views) has been recomputed with it.
     */
    Reply submit(String key, String feed, String file) throws Exception {
        Path p = Path.of(file);
        Reply r = call("POST", "/feeds/" + feed, key, Files.readAllBytes(p), "application/octet-stream",
                p.getFileName().toString());
        runtime.gateway().current().settled().get(2, java.util.concurrent.TimeUnit.MINUTES);
        return r;
    }
}
