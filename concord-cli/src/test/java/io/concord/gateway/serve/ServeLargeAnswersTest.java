package io.concord.gateway.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.concord.bench.FeedGenerator;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Answers larger than the gateway's heap, several at once. A firm whose outputs are larger than the heap reads them: 100,000 positions of one firm
 * (and 20,000 rejected rows) in a gateway of 128 MB, where the firm's {@code margin.json} is about 65 MB, its XML
 * report about 78 MB and its positions about 75 MB. Before the answers were streamed, the margin and accounts calls
 * failed with an OutOfMemoryError and the positions call ended the gateway (checked with the code of b75aca0). Every
 * answer is compared with what it is read from: the published files byte for byte, the accounts, account and stress
 * views with the documents read here on their own, the positions with the state's book.
 */
class ServeLargeAnswersTest {

    private static final String LARKSPUR = "549300LARKSPURSEC059";
    private static final int POSITIONS = 100_000;
    private static final int ACCOUNTS = 1_000;
    private static final int REJECTED = 20_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private String api;
    private String firmKey;
    private String regulatorKey;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void answersLargerThanTheHeapAreStreamedWholeAndTheGatewayStaysUp() throws Exception {
        Path feed = dir.resolve("larkspur.csv");
        new FeedGenerator(20261120L).secPositions(feed, POSITIONS, ACCOUNTS);
        List<String> lines = Files.readAllLines(feed);
        assertThat(lines).hasSize(1 + POSITIONS);
        try (var w = Files.newBufferedWriter(feed, java.nio.file.StandardOpenOption.APPEND)) {
            assertThat(lines.get(0).split(",")[9]).isEqualTo("quantity");
            for (int i = 0; i < REJECTED; i++) { // a real row whose quantity is not a number
                String[] row = lines.get(1 + i % 50).split(",", -1);
                row[9] = "x" + row[9];
                w.write(String.join(",", row) + "\n");
            }
        }
        Path config = config("");
        try (ChildGateway gateway = new ChildGateway(dir, config, "128m")) {
            gateway.awaitLine("concord serve: http", 3);
            Files.copy(feed, dir.resolve("inbox/.larkspur.csv"));
            Files.move(dir.resolve("inbox/.larkspur.csv"), dir.resolve("inbox/sec-bd-positions/larkspur.csv"));
            Files.createFile(dir.resolve("inbox/sec-bd-positions/larkspur.csv.ready"));
            String committed = gateway.awaitLine("committed ", 5);
            assertThat(committed).contains("received=" + (POSITIONS + REJECTED)).contains("accepted=" + POSITIONS)
                    .contains("rejected=" + REJECTED);
            String id = committed.split(" ")[1];
            Path current = dir.resolve("out/current");
            await().atMost(5, TimeUnit.MINUTES).until(() -> Files.isRegularFile(current.resolve("state.json"))
                    && Json.MAPPER.readTree(current.resolve("state.json").toFile()).path("lastSubmission").asText()
                    .equals(id));
            Path reports = current.resolve("reports").resolve(LARKSPUR);
            assertThat(Files.size(reports.resolve("margin.json"))).as("larger than the gateway's heap's half")
                    .isGreaterThan(60L << 20);

            // every call at once, the large ones twice
            ExecutorService clients = Executors.newFixedThreadPool(12);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int twice = 0; twice < 2; twice++) {
                for (String format : List.of("json", "xml", "xlsx")) {
                    String file = format.equals("json") ? "margin.json" : "margin-report." + format;
                    calls.add(call(clients, "/firms/" + LARKSPUR + "/margin?format=" + format, firmKey,
                            body -> assertThat(Files.mismatch(body, reports.resolve(file))).as(format).isEqualTo(-1)));
                }
                calls.add(call(clients, "/firms/" + LARKSPUR + "/positions", firmKey,
                        body -> assertThat(positions(body)).isEqualTo(booked(current))));
            }
            calls.add(call(clients, "/regulator/large-positions", regulatorKey, body -> assertThat(
                    Files.mismatch(body, current.resolve("regulator/large-positions.json"))).isEqualTo(-1)));
            calls.add(call(clients, "/firms/" + LARKSPUR + "/accounts?sort=-siloedTotal&size=300&page=2", firmKey,
                    body -> {
                        JsonNode page = read(body);
                        assertThat(page.path("total").asInt()).isEqualTo(ACCOUNTS);
                        assertThat(names(page.path("items"))).isEqualTo(accountsBySiloedTotal(reports).subList(300,
                                600));
                    }));
            calls.add(call(clients, "/firms/" + LARKSPUR + "/accounts/BD-000777/margin", firmKey, body -> {
                ObjectNode expected = (ObjectNode) account(reports, "BD-000777");
                expected.put("asOf", FeedGenerator.AS_OF);
                assertThat(read(body)).isEqualTo(expected);
            }));
            calls.add(call(clients, "/firms/" + LARKSPUR + "/stress", firmKey, body -> {
                JsonNode stress = read(body).path("stress");
                JsonNode whole = read(current.resolve("margin/stress.json"));
                assertThat(stress.path("accounts")).hasSize(ACCOUNTS).isEqualTo(whole.path("accounts"));
                assertThat(stress.path("firms")).hasSize(1).isEqualTo(whole.path("firms"));
                assertThat(stress.has("market")).isFalse();
                assertThat(stress.path("scenarios")).isEqualTo(whole.path("scenarios"));
            }));
            calls.add(call(clients, "/market/stress", regulatorKey, body -> {
                ObjectNode expected = (ObjectNode) read(current.resolve("margin/stress.json"));
                expected.remove(List.of("accounts", "portfolios"));
                assertThat(read(body).path("stress")).isEqualTo(expected);
            }));
            calls.add(call(clients, "/exceptions?size=500&page=39", firmKey, body -> {
                JsonNode page = read(body);
                assertThat(page.path("total").asInt()).isEqualTo(REJECTED);
                List<String> all = Files.readAllLines(current.resolve("exceptions.jsonl"));
                assertThat(page.path("items")).hasSize(500);
                for (int i = 0; i < 500; i++) {
                    assertThat(page.path("items").get(i)).isEqualTo(Json.MAPPER.readTree(all.get(38 * 500 + i)));
                }
            }));
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            clients.shutdown();

            assertThat(gateway.isAlive()).as(String.join("\n", gateway.output())).isTrue();
            assertThat(gateway.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
            try (var left = Files.list(dir.resolve("out/.answers"))) {
                assertThat(left.toList()).as("no answer is left on disk").isEmpty();
            }
        }
    }

    /**
     * Three firms' systems send a file whose every row is refused (35 MB, 270,000 rows each) at once to a gateway of
     * 128 MB: each is answered with its whole ack (every rejection, 40 MB of JSON), which GET /ack gives again byte
     * for byte, and the gateway stays up. Before, a submission held every rejection in memory until its ack, and
     * the answer was read into memory again by Camel's stream caching: three such uploads of 100 MB ended a gateway of
     * 512 MB.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void uploadsWhoseEveryRowIsRefusedAreAnsweredWholeAtOnce() throws Exception {
        Path good = dir.resolve("larkspur.csv");
        new FeedGenerator(20261120L).secPositions(good, 300, 3);
        List<String> rows = Files.readAllLines(good);
        int n = 270_000;
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Path bad = dir.resolve("refused-" + f + ".csv");
            try (var w = Files.newBufferedWriter(bad)) {
                w.write(rows.get(0) + "\n");
                for (int i = 0; i < n; i++) {
                    String[] row = rows.get(1 + i % 300).split(",", -1);
                    row[9] = "x" + f + "-" + i; // the quantity is not a number
                    w.write(String.join(",", row) + "\n");
                }
            }
            files.add(bad);
        }
        try (ChildGateway gateway = new ChildGateway(dir, config("maxBodyBytes: 41943040\n"), "128m")) {
            gateway.awaitLine("concord serve: http", 3);
            ExecutorService clients = Executors.newFixedThreadPool(3);
            List<CompletableFuture<Path>> sent = new ArrayList<>();
            for (Path f : files) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        Path answer = dir.resolve(f.getFileName() + ".ack.json");
                        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(api
                                        + "/feeds/sec-bd-positions")).header("X-API-Key", firmKey)
                                .header("Content-Type", "text/csv").header("X-File-Name", f.getFileName().toString())
                                .POST(HttpRequest.BodyPublishers.ofFile(f)).build(),
                                HttpResponse.BodyHandlers.ofFile(answer));
                        assertThat(r.statusCode()).as(f + ": " + (Files.size(answer) < 2000
                                ? Files.readString(answer) : "")).isEqualTo(201);
                        return answer;
                    } catch (Exception e) {
                        throw new AssertionError(f + ": " + e, e);
                    }
                }, clients));
            }
            for (CompletableFuture<Path> s : sent) {
                Path answer = s.get(5, TimeUnit.MINUTES);
                JsonNode ack = read(answer);
                assertThat(ack.path("status").asText()).isEqualTo("REJECTED");
                assertThat(ack.path("received").asLong()).isEqualTo(n);
                assertThat(ack.path("rejected").asLong()).isEqualTo(n);
                assertThat(ack.path("rejections")).hasSize(n);
                for (int i : new int[] {0, 999, 1_000, 1_001, n - 1}) { // the held ones, and the ones kept on disk
                    JsonNode r = ack.path("rejections").get(i);
                    assertThat(r.path("record").asLong()).isEqualTo(i + 1);
                    assertThat(r.path("reason").asText()).isEqualTo("INVALID_NUMBER");
                    assertThat(r.path("message").asText()).contains("-" + i + "'");
                }
                Path again = dir.resolve(answer.getFileName() + ".again");
                HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/submissions/"
                        + ack.path("submissionId").asText() + "/ack")).header("X-API-Key", firmKey).build(),
                        HttpResponse.BodyHandlers.ofFile(again));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Files.mismatch(again, answer)).as("GET ack gives the answer again").isEqualTo(-1);
            }
            clients.shutdown();
            assertThat(gateway.isAlive()).as(String.join("\n", gateway.output())).isTrue();
            assertThat(gateway.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
            HttpResponse<String> ledger = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/submissions"))
                    .header("X-API-Key", firmKey).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode committed = Json.MAPPER.readTree(ledger.body()).path("items");
            assertThat(committed).as(ledger.body()).hasSize(3).allSatisfy(row -> {
                assertThat(row.path("status").asText()).isEqualTo("REJECTED");
                assertThat(row.path("received").asLong()).isEqualTo(n);
                assertThat(row.path("rejected").asLong()).isEqualTo(n);
            });
        }
    }

    /** The gateway's configuration: a firm and a regulator key, the shipped mappings, {@code extra} settings. */
    private Path config(String extra) throws IOException {
        int port = ServeHarness.freePort();
        api = "http://127.0.0.1:" + port + "/api";
        firmKey = Principal.newKey();
        regulatorKey = Principal.newKey();
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "port: " + port + "\ninbox: inbox\nout: out\nmappings: "
                + Path.of("mappings").toAbsolutePath() + "\nledgerUrl: jdbc:h2:file:" + dir.resolve("data/ledger")
                + "\n" + extra + "principals:\n  - {name: larkspur, role: FIRM, leis: [" + LARKSPUR + "], keyHash: \""
                + Principal.hash(firmKey) + "\"}\n  - {name: dmo, role: REGULATOR, keyHash: \""
                + Principal.hash(regulatorKey) + "\"}\n");
        return config;
    }

    /** An assertion on an answer's body, saved to a file. */
    private interface Check {
        void on(Path body) throws Exception;
    }

    /** GETs {@code path} on a client thread, saves the 200 answer's body and checks it. */
    private CompletableFuture<Void> call(ExecutorService clients, String path, String key, Check check) {
        return CompletableFuture.runAsync(() -> {
            try {
                Path body = Files.createTempFile(dir, "answer", ".bin");
                HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
                        .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofFile(body));
                assertThat(r.statusCode()).as(path + ": " + (Files.size(body) < 2000 ? Files.readString(body) : ""))
                        .isEqualTo(200);
                check.on(body);
                Files.delete(body);
            } catch (Exception e) {
                throw new AssertionError(path + ": " + e, e);
            }
        }, clients);
    }

    private static JsonNode read(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    private static List<String> names(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("account").asText()));
        return out;
    }

    /** The positions of the answer {@code {"firm", "positions": [...]}}, each as compact JSON, sorted. */
    private static List<String> positions(Path body) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(body.toFile())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo("firm");
            assertThat(p.nextTextValue()).isEqualTo(LARKSPUR);
            assertThat(p.nextFieldName()).isEqualTo("positions");
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(Json.MAPPER.writeValueAsString(p.readValueAsTree()));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The current state's book, each position as compact JSON, sorted. */
    private static List<String> booked(Path current) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(current.resolve("book/positions.jsonl"))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(line)));
            }
        }
        assertThat(out).hasSize(POSITIONS);
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Each account of the firm's margin.json, read here with a parser of its own, one at a time. */
    private static void eachAccount(Path reports, Consumer<JsonNode> each) throws IOException {
        try (InputStream in = Files.newInputStream(reports.resolve("margin.json"));
             JsonParser p = Json.MAPPER.createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("accounts")) {
                    p.nextToken();
                    Iterator<JsonNode> it = p.nextToken() == JsonToken.END_ARRAY ? List.<JsonNode>of().iterator()
                            : Json.MAPPER.readValues(p, JsonNode.class);
                    it.forEachRemaining(each);
                    return;
                }
            }
        }
    }

    /** The firm's accounts by siloed total, largest first, ties in file order. */
    private static List<String> accountsBySiloedTotal(Path reports) throws IOException {
        List<Map.Entry<String, Double>> rows = new ArrayList<>();
        eachAccount(reports, a -> rows.add(Map.entry(a.path("account").asText(), a.path("siloedTotal").asDouble())));
        assertThat(rows).hasSize(ACCOUNTS);
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(rows);
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return sorted.stream().map(Map.Entry::getKey).toList();
    }

    private static JsonNode account(Path reports, String account) throws IOException {
        JsonNode[] found = {null};
        eachAccount(reports, a -> {
            if (a.path("account").asText().equals(account)) {
                found[0] = a;
            }
        });
        assertThat(found[0]).as(account).isNotNull();
        return found[0];
    }
}
