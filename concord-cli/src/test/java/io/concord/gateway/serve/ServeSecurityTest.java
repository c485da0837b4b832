package io.concord.gateway.serve;

import io.concord.gateway.serve.RawHttp.Answer;
import io.concord.gateway.serve.ServeHarness.Reply;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.LARKSPUR;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's doors as an attacker tries them (issue 17), in process on loopback: keys in URLs, bodies before
 * keys, bodies over the limit (chunked or declared), slow and silent connections, concurrent submissions, answers
 * the HTTP server gives itself, links and half-written files in the inbox.
 */
class ServeSecurityTest {

    static final long LIMIT = 1024 * 1024;

    @TempDir
    static Path dir;
    static ServeHarness gateway;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, LIMIT, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("larkspur", Principal.Role.FIRM, LARKSPUR),
                principal("regulator", Principal.Role.REGULATOR)),
                c -> c.withLimits(new ServeConfig.Limits(0, 0, 1000, 0, 0, 2, 1, 0, 0, 1)));
        port = gateway.config.port();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static void assertJsonError(Answer a, int status) throws IOException {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.headers().get("content-type")).startsWith("application/json");
        assertThat(a.json().get("status").asInt()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertJsonError(Reply r, int status) {
        assertThat(r.status()).as(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.type()).startsWith("application/json");
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isNotBlank();
    }

    private static List<Path> spooled() throws IOException {
        Path incoming = dir.resolve("out/.incoming");
        if (!Files.exists(incoming)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(incoming)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aKeyInTheQueryStringIsRefusedEvenBesideARightHeader() throws Exception {
        String positions = "/firms/" + HUDSON + "/positions";
        for (String query : List.of("?X-API-Key=k-hudson", "?x-api-key=k-hudson", "?Authorization=Bearer%20k-hudson",
                "?api_key=k-hudson", "?apikey=k-hudson", "?access_token=k-hudson")) {
            Reply r = gateway.get(positions + query, null);
            assertJsonError(r, 401);
            assertThat(r.body().get("error").asText()).contains("never in the URL").contains("header");
            assertJsonError(gateway.get(positions + query, "k-hudson"), 401);
        }
        assertThat(gateway.get(positions, "k-hudson").status()).isEqualTo(200);
        assertThat(gateway.get(positions + "?format=json", "k-hudson").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerTheHttpServerGivesItselfIsTheJsonErrorBody() throws Exception {
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            // "/" is the console now; a path neither the console nor the API serves is the server's own 404
            raw.head("GET /no-such-page HTTP/1.1");
            assertJsonError(raw.answer(), 404);
        }
        assertJsonError(gateway.get("/no-such-call", "k-hudson"), 404);
        assertJsonError(gateway.call("DELETE", "/firms/" + HUDSON + "/positions", "k-hudson", null, null), 405);
        assertJsonError(gateway.call("PUT", "/feeds/sec-bd-positions", "k-hudson", new byte[10], "text/csv"), 405);
        // a body of 100 KB to a call that takes none
        assertJsonError(gateway.call("POST", "/mappings/reload", "k-regulator", new byte[100_000], "text/plain"), 413);
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            raw.write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertJsonError(raw.answer(), 400);
        }
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            raw.head("GET /api/regulator/margin-by-firm HTTP/1.1", "X-Padding: " + "p".repeat(20_000));
            assertJsonError(raw.answer(), 431);
        }
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            raw.head("GET /api/" + "a".repeat(10_000) + " HTTP/1.1");
            assertJsonError(raw.answer(), 414);
        }
    }

    @Test
    void anUploadIsRefusedOnItsHeadBeforeAByteOfItsBodyIsSent() throws Exception {
        String feed = "POST /api/feeds/sec-bd-positions HTTP/1.1";
        String huge = "Content-Length: 200000000";
        Object[][] cases = {
                {new String[] {huge}, 401},
                {new String[] {huge, "X-API-Key: wrong"}, 401},
                {new String[] {huge, "Authorization: Bearer wrong"}, 401},
                {new String[] {huge, "X-API-Key: k-regulator"}, 403},
                {new String[] {"Content-Length: 2097152", "X-API-Key: k-hudson"}, 413},
                {new String[] {huge, "X-API-Key: k-hudson", "Content-Type: multipart/form-data; boundary=x"}, 415},
                {new String[] {"Content-Length: lots", "X-API-Key: k-hudson"}, 400},
        };
        for (Object[] c : cases) {
            try (RawHttp raw = new RawHttp(port, 10_000)) {
                raw.head(feed, (String[]) c[0]); // the head alone: the body never comes
                Answer a = raw.answer();
                assertJsonError(a, (int) c[1]);
                assertThat(a.headers().get("connection")).isEqualTo("close");
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            raw.head("POST /api/feeds/no-such-feed HTTP/1.1", huge, "X-API-Key: k-hudson");
            assertJsonError(raw.answer(), 404);
        }
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aChunkedUploadOverTheLimitIsCutOffWhileStreamingAndLeavesNothingBehind() throws Exception {
        try (RawHttp raw = new RawHttp(port, 20_000)) {
            raw.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "X-API-Key: k-hudson",
                    "Transfer-Encoding: chunked", "Content-Type: text/csv");
            // 4 GB against a 1 MB limit: more than a quiet loopback carries in the second the server lingers after
            // its answer (reading and discarding, so the client sees the 413), so the close must cut the sender off
            var sending = raw.streamChunked(4000L * LIMIT);
            Answer a = raw.answer();
            assertJsonError(a, 413);
            assertThat(a.json().get("error").asText()).contains("over the limit of " + LIMIT);
            assertThat(raw.closedByServer()).isTrue();
            assertThat(sending.get(20, TimeUnit.SECONDS)).isLessThan(4000L * LIMIT);
        }
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(spooled()).isEmpty());
        // and the gateway takes the next one
        Reply ok = gateway.call("POST", "/feeds/sec-bd-positions", "k-hudson",
                Files.readAllBytes(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv")), "text/csv");
        assertThat(ok.status()).isIn(200, 201);
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aKeyHasOneSubmissionInFlightAtATimeHereAndTheNextIsRefused429() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv"));
        try (RawHttp first = new RawHttp(port, 30_000)) {
            first.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "X-API-Key: k-larkspur",
                    "Content-Type: text/csv", "Content-Length: " + csv.length, "X-File-Name: larkspur.csv");
            first.write(java.util.Arrays.copyOf(csv, 10)); // in flight
            await().atMost(5, TimeUnit.SECONDS).until(() -> !spooled().isEmpty());
            Reply second = gateway.call("POST", "/feeds/sec-bd-positions", "k-larkspur", csv, "text/csv");
            assertJsonError(second, 429);
            assertThat(second.body().get("error").asText()).contains("in flight");
            // another key is not held up by it
            assertThat(gateway.get("/firms/" + HUDSON + "/positions", "k-hudson").status()).isEqualTo(200);
            first.write(java.util.Arrays.copyOfRange(csv, 10, csv.length));
            assertThat(first.answer().status()).isIn(200, 201);
        }
        assertThat(gateway.call("POST", "/feeds/sec-bd-positions", "k-larkspur", csv, "text/csv").status())
                .isIn(200, 201);
    }

    @Test
    void silentAndStalledConnectionsAreClosedAndTheirSpoolDeleted() throws Exception {
        try (RawHttp silent = new RawHttp(port, 15_000)) {
            assertThat(silent.closedByServer()).as("no request head within headerTimeoutSeconds").isTrue();
        }
        try (RawHttp halfHead = new RawHttp(port, 15_000)) {
            halfHead.write("POST /api/feeds/sec-bd-positions HTTP/1.1\r\nX-API-Key: k-hudson\r\n"
                    .getBytes(StandardCharsets.US_ASCII)); // the head never ends
            assertThat(halfHead.closedByServer()).isTrue();
        }
        try (RawHttp stalled = new RawHttp(port, 15_000)) {
            stalled.head("POST /api/feeds/sec-bd-positions HTTP/1.1", "X-API-Key: k-hudson", "Content-Length: 5000");
            stalled.write(new byte[100]);
            assertThat(stalled.closedByServer()).as("no traffic for idleTimeoutSeconds").isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(spooled()).isEmpty());
    }

    @Test
    void aSymbolicLinkOrAFifoInTheInboxIsRefusedUnreadAndItsTargetLeftAlone() throws Exception {
        Path inbox = dir.resolve("inbox/sec-bd-positions");
        Path secret = dir.resolve("secret.csv");
        Files.copy(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"), secret);
        Files.createSymbolicLink(inbox.resolve("linked.csv"), secret);
        Files.createFile(inbox.resolve("linked.csv.ready"));
        Process fifo = new ProcessBuilder("mkfifo", inbox.resolve("pipe.csv").toString()).start();
        assertThat(fifo.waitFor()).isZero();
        Files.createFile(inbox.resolve("pipe.csv.ready"));

        NotifyBuilder done = new NotifyBuilder(gateway.runtime.camelContext()).fromRoute("inbox-sec-bd-positions")
                .whenDone(1).create();
        Path tmp = dir.resolve("inbox/.larkspur.csv");
        Files.copy(Path.of("fixtures/sec/positions-larkspur-introducing-2026-11-20.csv"), tmp);
        Files.move(tmp, inbox.resolve("larkspur.csv"));
        Files.createFile(inbox.resolve("larkspur.csv.ready"));
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue(); // the inbox has been listed past the two

        try (Stream<Path> s = Files.list(inbox.resolve("error"))) {
            List<Path> refused = s.toList();
            assertThat(refused).extracting(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith("-linked.csv")).anyMatch(n -> n.endsWith("-pipe.csv"));
            assertThat(refused).filteredOn(p -> p.getFileName().toString().endsWith("-linked.csv"))
                    .allMatch(Files::isSymbolicLink);
        }
        assertThat(inbox.resolve("linked.csv")).doesNotExist();
        assertThat(secret).exists().hasSameBinaryContentAs(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            try (Stream<Path> s = Files.list(inbox.resolve("done"))) { // moved there once committed
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .anyMatch(n -> n.endsWith("-larkspur.csv"));
            }
        });
    }

    @Test
    void aFileIsTakenOnlyOnceItsMarkerSaysItIsCompleteHoweverLongItsWriterPauses() throws Exception {
        Path inbox = dir.resolve("inbox/cftc-event");
        Path other = dir.resolve("inbox/sec-sbsr");
        Path half = dir.resolve("inbox/sec-bd-positions/slow.csv");
        String header = "firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,"
                + "as_of,location";
        BufferedWriter w = Files.newBufferedWriter(half);
        w.write(header + "\n");
        for (int i = 0; i < 50; i++) {
            w.write(row(i));
        }
        w.flush(); // half written; the writer pauses

        // meanwhile another file is taken and completed: the inbox was polled while slow.csv sat there half-written
        NotifyBuilder other1 = new NotifyBuilder(gateway.runtime.camelContext()).fromRoute("inbox-sec-sbsr")
                .whenDone(1).create();
        Files.copy(Path.of("fixtures/sec/sbsr-silverpine-2026-11-20.csv"), other.resolve("sbsr.csv"));
        Files.createFile(other.resolve("sbsr.csv.ready"));
        assertThat(other1.matches(60, TimeUnit.SECONDS)).isTrue();
        NotifyBuilder again = new NotifyBuilder(gateway.runtime.camelContext()).fromRoute("inbox-sec-bd-positions")
                .whenDone(1).create();
        assertThat(again.matches(3, TimeUnit.SECONDS)).as("the half-written file is not taken").isFalse();
        assertThat(half).exists();

        for (int i = 50; i < 100; i++) {
            w.write(row(i));
        }
        w.close();
        NotifyBuilder taken = new NotifyBuilder(gateway.runtime.camelContext()).fromRoute("inbox-sec-bd-positions")
                .whenDone(1).create();
        Files.createFile(half.resolveSibling("slow.csv.ready"));
        assertThat(taken.matches(60, TimeUnit.SECONDS)).isTrue();
        String id = null;
        try (Stream<Path> s = Files.list(dir.resolve("out/submissions"))) {
            for (Path sub : s.toList()) {
                var ack = io.concord.report.Json.MAPPER.readTree(sub.resolve("acks")
                        .resolve(sub.getFileName() + ".json").toFile());
                if (ack.get("file").asText().equals("slow.csv")) {
                    id = sub.getFileName().toString();
                    assertThat(ack.get("received").asInt()).isEqualTo(100);
                    assertThat(ack.get("accepted").asInt()).isEqualTo(100);
                }
            }
        }
        assertThat(id).as("slow.csv was committed whole").isNotNull();
        assertThat(inbox).exists();
    }

    private static String row(int i) {
        return HUDSON + ",SLOW-" + i + ",SEC_15C3_3_CUST,037833100,AAPL,CS," + (100 + i) + ",LONG,101.25,USD,"
                + "2026-11-20,DTC\n";
    }
}
