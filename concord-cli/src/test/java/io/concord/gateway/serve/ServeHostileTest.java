package io.concord.gateway.serve;

import io.concord.gateway.serve.RawHttp.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile set of issue 17 against a gateway in its own JVM with a 256 MB heap: uploads larger than the heap
 * (together, chunked, with and without a key), silent and stalled connections, wrong keys and keys in the URL,
 * traversal, a symbolic link to /etc/passwd and a half-written file in the inbox. Afterwards the gateway is still
 * up and answers a firm's submission and reads correctly.
 */
class ServeHostileTest {

    private static final long LIMIT = 48L * 1024 * 1024;
    private static final String HUDSON = "549300HUDSONCLR0RG39";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theGatewayStaysUpUnderTheHostileSetAndAnswersCorrectlyAfterwards() throws Exception {
        int port = ServeHarness.freePort();
        String key = Principal.newKey();
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "port: " + port + "\nmaxBodyBytes: " + LIMIT + "\ninbox: inbox\nout: out\n"
                + "mappings: " + Path.of("mappings").toAbsolutePath() + "\nledgerUrl: jdbc:h2:file:"
                + dir.resolve("data/ledger") + "\nlimits: {headerTimeoutSeconds: 2, idleTimeoutSeconds: 2, "
                + "failedAuthAttempts: 1000, maxConcurrentUploads: 12, maxConcurrentSubmissionsPerKey: 6}\n"
                + "principals:\n  - {name: hudson, role: FIRM, leis: [" + HUDSON + "], keyHash: \""
                + Principal.hash(key) + "\"}\n");
        ChildGateway p = new ChildGateway(dir, config, "256m");
        List<String> output = p.output();
        try {
            p.awaitLine("concord serve: http", 3);
            String api = "http://127.0.0.1:" + port + "/api";

            // 6 chunked uploads of 60 MB at once with the right key: each cut off at 48 MB, 288 MB > the heap
            List<RawHttp> big = new ArrayList<>();
            List<CompletableFuture<Long>> sending = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawHttp raw = new RawHttp(port, 60_000);
                raw.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "X-API-Key: " + key,
                        "Transfer-Encoding: chunked", "Content-Type: text/csv");
                big.add(raw);
                sending.add(raw.streamChunked(60L * 1024 * 1024));
            }
            // 6 uploads of 190 MB at once without a key, and with a wrong one
            List<RawHttp> keyless = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawHttp raw = new RawHttp(port, 60_000);
                raw.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "Content-Length: 199229440",
                        i % 2 == 0 ? "X-Padding: none" : "X-API-Key: not-" + key);
                raw.streamChunked(190L * 1024 * 1024); // sent as it were (the head promised a length)
                keyless.add(raw);
            }
            // a silent connection and a stalled upload
            RawHttp silent = new RawHttp(port, 30_000);
            RawHttp stalled = new RawHttp(port, 30_000);
            stalled.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "X-API-Key: " + key, "Content-Length: 9999");
            stalled.write(new byte[10]);

            for (RawHttp raw : keyless) {
                Answer a = raw.answer();
                assertThat(a.status()).isEqualTo(401);
                assertThat(a.json().get("status").asInt()).isEqualTo(401);
                raw.close();
            }
            for (int i = 0; i < big.size(); i++) {
                Answer a = big.get(i).answer();
                assertThat(a.status()).as(a.body()).isEqualTo(413);
                assertThat(a.json().get("error").asText()).contains("over the limit of " + LIMIT);
                sending.get(i).get(2, TimeUnit.MINUTES);
                big.get(i).close();
            }
            assertThat(silent.closedByServer()).isTrue();
            assertThat(stalled.closedByServer()).isTrue();
            silent.close();
            stalled.close();

            // keys where they do not belong, and traversal
            assertThat(get(api + "/firms/" + HUDSON + "/positions?X-API-Key=" + key, null).statusCode()).isEqualTo(401);
            assertThat(get(api + "/firms/" + HUDSON + "/positions?Authorization=Bearer%20" + key, null).statusCode())
                    .isEqualTo(401);
            assertThat(get(api + "/firms/" + HUDSON + "/positions", "wrong").statusCode()).isEqualTo(401);
            for (String path : List.of("/firms/..%2F..%2F..%2Fetc%2Fpasswd/margin", "/regulator/..%2F..%2Fstate.json",
                    "/submissions/..%2F..%2F..%2Fetc%2Fpasswd/ack")) {
                HttpResponse<String> r = get(api + path, key);
                assertThat(r.statusCode()).as(path).isIn(400, 403, 404);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                        assertThat(t).startsWith("application/json"));
                assertThat(r.body()).doesNotContain("root:");
            }

            // the inbox: a link to /etc/passwd, and a file its writer pauses in the middle of
            Path inbox = dir.resolve("inbox/sec-bd-positions");
            Files.createSymbolicLink(inbox.resolve("passwd.csv"), Path.of("/etc/passwd"));
            Files.createFile(inbox.resolve("passwd.csv.ready"));
            Path slow = inbox.resolve("slow.csv");
            try (BufferedWriter w = Files.newBufferedWriter(slow)) {
                w.write("firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,"
                        + "as_of,location\n");
                for (int i = 0; i < 100; i++) {
                    w.write(HUDSON + ",H-" + i + ",SEC_15C3_3_CUST,037833100,AAPL,CS," + (100 + i)
                            + ",LONG,101.25,USD,2026-11-20,DTC\n");
                    if (i == 49) {
                        w.flush();
                        p.awaitLine("refused sec-bd-positions/passwd.csv", 3); // the inbox was listed meanwhile
                        assertThat(output).noneMatch(l -> l.startsWith("taken sec-bd-positions/slow.csv"));
                    }
                }
            }
            Files.createFile(inbox.resolve("slow.csv.ready"));
            p.awaitLine("committed sec-bd-positions", 3);
            assertThat(output).filteredOn(l -> l.startsWith("committed sec-bd-positions")).singleElement()
                    .asString().contains("received=100").contains("accepted=100");
            assertThat(Files.isSymbolicLink(Path.of("/etc/passwd"))).isFalse();

            // still up: a firm submits and reads
            HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create(api
                            + "/feeds/sec-bd-positions")).header("X-API-Key", key).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            assertThat(submitted.body()).contains("\"accepted\":5");
            HttpResponse<String> positions = get(api + "/firms/" + HUDSON + "/positions", key);
            assertThat(positions.statusCode()).isEqualTo(200);
            assertThat(p.isAlive()).isTrue();
            assertThat(output).noneMatch(l -> l.contains("OutOfMemoryError"));
            try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
                assertThat(s.filter(Files::isRegularFile).map(f -> {
                    try {
                        return Files.readString(f, StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        return "";
                    }
                })).noneMatch(text -> text.contains("root:x:0:0"));
            }
            try (Stream<Path> s = Files.walk(dir.resolve("out/.incoming"))) {
                assertThat(s.filter(Files::isRegularFile).toList()).as("nothing left in the spool").isEmpty();
            }
        } finally {
            p.close();
        }
        assertThat(p.exitValue()).as("stopped by SIGTERM, gracefully: " + output).isNotEqualTo(OutOfMemory.EXIT_STATUS);
    }
}
