package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Serve mode's HTTP API and inbox, in process, on loopback, with an embedded H2 ledger. */
class ServeApiTest {

    static final String HUDSON = "549300HUDSONCLR0RG39";
    static final String LARKSPUR = "549300LARKSPURSEC059";

    @TempDir
    static Path dir;
    static ServeRuntime runtime;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path mappings = dir.resolve("mappings");
        copy(Path.of("mappings"), mappings);
        List<Principal> principals = List.of(
                new Principal("hudson", Principal.Role.FIRM, List.of(HUDSON), Principal.hash("k-hudson")),
                new Principal("larkspur", Principal.Role.FIRM, List.of(LARKSPUR), Principal.hash("k-larkspur")),
                new Principal("cftc", Principal.Role.REGULATOR, List.of(), Principal.hash("k-regulator")),
                new Principal("maint", Principal.Role.MAINTAINER, List.of(), Principal.hash("k-maintainer")));
        ServeConfig config = new ServeConfig("127.0.0.1", port, 20_000, dir.resolve("inbox"), dir.resolve("out"),
                mappings, "jdbc:h2:file:" + dir.resolve("data/ledger"), null, null, principals);
        runtime = new ServeRuntime(config);
        runtime.start();
        base = "http://127.0.0.1:" + port + "/api";
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.stop();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String method, String path, String key, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
        return new Reply(r.statusCode(), json);
    }

    private static Reply submit(String key, String feed, String file) throws Exception {
        return call("POST", "/feeds/" + feed, key, Files.readAllBytes(Path.of(file)), "text/csv");
    }

    @Test
    void aFirmSubmitsItsFeedReadsItsAckAndTheSameContentAgainIsADuplicate() throws Exception {
        Reply first = submit("k-hudson", "sec-bd-positions", "fixtures/sec/positions-hudson-2026-11-20.csv");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(first.body().get("accepted").asInt()).isEqualTo(5);
        String id = first.body().get("submissionId").asText();

        Reply again = submit("k-hudson", "sec-bd-positions", "fixtures/sec/positions-hudson-2026-11-20.csv");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(again.body().get("duplicateOf").asText()).isEqualTo(id);

        assertThat(call("GET", "/submissions/" + id + "/ack", "k-hudson", null, null).body().get("accepted").asInt())
                .isEqualTo(5);
        assertThat(call("GET", "/submissions/" + id + "/ack", "k-regulator", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/submissions/" + id + "/ack", "k-larkspur", null, null).status()).isEqualTo(403);
        assertThat(call("GET", "/submissions/nope/ack", "k-regulator", null, null).status()).isEqualTo(404);

        Reply positions = call("GET", "/firms/" + HUDSON + "/positions", "k-hudson", null, null);
        assertThat(positions.status()).isEqualTo(200);
        assertThat(positions.body().get("positions")).hasSize(5);
        assertThat(call("GET", "/firms/" + HUDSON + "/positions", "k-regulator", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/firms/" + HUDSON + "/positions", "k-larkspur", null, null).status()).isEqualTo(403);
        assertThat(call("GET", "/firms/" + HUDSON + "/positions", "k-maintainer", null, null).status()).isEqualTo(403);
    }

    @Test
    void recordsOfAnotherFirmAreRejectedOneByOne() throws Exception {
        Reply r = submit("k-larkspur", "sec-bd-positions", "fixtures/bad/bd-bad-rows.csv");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("accepted").asInt()).isEqualTo(1);

        // hudson's file with a trailing line break more: other content than the one hudson submits elsewhere
        byte[] hudsons = (Files.readString(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Reply foreign = call("POST", "/feeds/sec-bd-positions", "k-larkspur", hudsons, "text/csv");
        assertThat(foreign.body().get("status").asText()).isEqualTo("REJECTED");
        assertThat(foreign.body().get("rejections")).hasSize(5)
                .allSatisfy(x -> assertThat(x.get("reason").asText()).isEqualTo("FIRM_NOT_AUTHORIZED"));
    }

    @Test
    void everyRefusalHasItsStatusAndAJsonReasonWithoutStackTrace() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));
        List<Object[]> cases = List.of(
                new Object[] {call("POST", "/feeds/sec-bd-positions", null, csv, "text/csv"), 401},
                new Object[] {call("POST", "/feeds/sec-bd-positions", "wrong", csv, "text/csv"), 401},
                new Object[] {call("POST", "/feeds/sec-bd-positions", "k-regulator", csv, "text/csv"), 403},
                new Object[] {call("POST", "/feeds/sec-bd-positions", "k-maintainer", csv, "text/csv"), 403},
                new Object[] {call("POST", "/feeds/no-such-feed", "k-larkspur", csv, "text/csv"), 404},
                new Object[] {call("POST", "/feeds/sec-bd-positions", "k-larkspur", "a=b".getBytes(),
                        "application/x-www-form-urlencoded"), 415},
                new Object[] {call("POST", "/mappings/reload", "k-larkspur", null, null), 403},
                new Object[] {call("GET", "/firms/" + LARKSPUR + "/positions", "k-hudson", null, null), 403});
        for (Object[] c : cases) {
            Reply r = (Reply) c[0];
            assertThat(r.status()).isEqualTo(c[1]);
            assertThat(r.body().get("error").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
        }
        Reply big = call("POST", "/feeds/sec-bd-positions", "k-larkspur", new byte[30_000], "text/csv");
        assertThat(big.status()).isEqualTo(413);
    }

    @Test
    void aMaintainerReloadsMappingsAndABrokenSetIsRefusedKeepingTheOld() throws Exception {
        Reply ok = call("POST", "/mappings/reload", "k-maintainer", null, null);
        assertThat(ok.status()).isEqualTo(200);
        String version = ok.body().get("mappingsVersion").asText();

        Path broken = dir.resolve("mappings/products/zz-broken.yaml");
        Files.writeString(broken, "id: zz\nversion: 1\nstatus: ACTIVE\nmatch: {x: y}\nproduct: {taxonomy: NOPE/NOPE/NOPE}\n");
        try {
            Reply refused = call("POST", "/mappings/reload", "k-maintainer", null, null);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().get("error").asText()).contains("zz-broken.yaml").contains(version);
            assertThat(runtime.gateway().mappings().version()).isEqualTo(version);
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void aFileDroppedInTheInboxIsProcessedCommittedAndMovedToDone() throws Exception {
        NotifyBuilder done = new NotifyBuilder(runtime.camelContext()).fromRoute("inbox-cftc-fixml-posrpt")
                .whenDone(1).create();
        Path inbox = dir.resolve("inbox/cftc-fixml-posrpt");
        java.nio.file.WatchService watch = inbox.getFileSystem().newWatchService();
        inbox.resolve("done").register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        Path tmp = dir.resolve("inbox/.staging.xml");
        Files.copy(Path.of("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml"), tmp);
        Files.move(tmp, inbox.resolve("meridian.xml"));

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.poll(30, TimeUnit.SECONDS)).as("the file arrives in done/").isNotNull();
        watch.close();
        try (Stream<Path> s = Files.list(inbox.resolve("done"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .endsWith("-meridian.xml");
        }
        assertThat(inbox.resolve("meridian.xml")).doesNotExist();
        Path sub = dir.resolve("out/submissions/cftc-fixml-posrpt-68cb54ff32ac9d7a");
        assertThat(sub.resolve("normalized/positions.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("out/.work")).isEmptyDirectory();
    }
}
