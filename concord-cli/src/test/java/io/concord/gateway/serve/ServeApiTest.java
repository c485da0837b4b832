package io.concord.gateway.serve;

import io.concord.gateway.runtime.ServeRuntime;
import io.concord.gateway.serve.ServeHarness.Reply;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.LARKSPUR;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/** Serve mode's HTTP API and inbox, in process, on loopback, with an embedded H2 ledger. */
class ServeApiTest {

    /** A firm with an API key that submits nothing. */
    static final String QUIET = "529900T8BM49AURSDO55";

    @TempDir
    static Path dir;
    static ServeHarness gateway;
    static ServeRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 20_000, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("larkspur", Principal.Role.FIRM, LARKSPUR),
                principal("quiet", Principal.Role.FIRM, QUIET),
                principal("regulator", Principal.Role.REGULATOR),
                principal("maintainer", Principal.Role.MAINTAINER)));
        runtime = gateway.runtime;
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static Reply call(String method, String path, String key, byte[] body, String type) throws Exception {
        return gateway.call(method, path, key, body, type);
    }

    private static Reply submit(String key, String feed, String file) throws Exception {
        return gateway.submit(key, feed, file);
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
        Files.createFile(inbox.resolve("meridian.xml.ready")); // the default convention: the marker says complete

        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.poll(30, TimeUnit.SECONDS)).as("the file arrives in done/").isNotNull();
        watch.close();
        try (Stream<Path> s = Files.list(inbox.resolve("done"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .endsWith("-meridian.xml");
        }
        assertThat(inbox.resolve("meridian.xml")).doesNotExist();
        assertThat(inbox.resolve("meridian.xml.ready")).as("the marker goes with its file").doesNotExist();
        Path sub;
        try (Stream<Path> s = Files.list(dir.resolve("out/submissions"))) {
            // the inbox principal's submission of this content: feed, content hash, principal
            sub = s.filter(p -> p.getFileName().toString().startsWith("cftc-fixml-posrpt-68cb54ff32ac9d7a-"))
                    .collect(java.util.stream.Collectors.toList()).get(0);
        }
        assertThat(sub.resolve("normalized/positions.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("out/.work")).isEmptyDirectory();
    }

    private static void assertRefused(Reply r, int status) {
        assertThat(r.status()).as("status").isEqualTo(status);
        assertThat(r.type()).startsWith("application/json");
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aFirmReadsOnlyItsOwnMarginInEachFormatAndTheRegulatorReadsEveryFirm() throws Exception {
        assertThat(submit("k-larkspur", "sec-bd-positions", "fixtures/sec/positions-larkspur-2026-11-20.csv")
                .status()).isIn(200, 201);
        String margin = "/firms/" + LARKSPUR + "/margin";

        for (String key : List.of("k-larkspur", "k-regulator")) {
            Reply json = call("GET", margin, key, null, null);
            assertThat(json.status()).as(key).isEqualTo(200);
            assertThat(json.type()).startsWith("application/json");
            assertThat(json.body().get("firm").asText()).isEqualTo(LARKSPUR);
            assertThat(json.body().get("accounts")).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.get("firm").asText()).isEqualTo(LARKSPUR));
            assertThat(call("GET", margin + "?format=json", key, null, null).bytes()).isEqualTo(json.bytes());

            Reply xml = call("GET", margin + "?format=xml", key, null, null);
            assertThat(xml.status()).isEqualTo(200);
            assertThat(xml.type()).startsWith("application/xml");
            assertThat(new String(xml.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("urn:concord:margin-report:1").contains(LARKSPUR);

            Reply xlsx = call("GET", margin + "?format=xlsx", key, null, null);
            assertThat(xlsx.status()).isEqualTo(200);
            assertThat(xlsx.type()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
                assertThat(wb.getSheet("Summary").getRow(1).getCell(0).getStringCellValue()).isNotBlank();
            }
        }

        assertRefused(call("GET", margin, null, null, null), 401);
        assertRefused(call("GET", margin, "not-a-key", null, null), 401);
        assertRefused(call("GET", margin, "k-hudson", null, null), 403);
        assertRefused(call("GET", margin + "?format=xlsx", "k-hudson", null, null), 403);
        assertRefused(call("GET", margin, "k-maintainer", null, null), 403);
        assertRefused(call("GET", margin + "?format=pdf", "k-larkspur", null, null), 400);
        assertRefused(call("GET", "/firms/" + QUIET + "/margin", "k-quiet", null, null), 404);
        assertRefused(call("GET", "/firms/" + QUIET + "/margin?format=xml", "k-regulator", null, null), 404);
        assertRefused(call("GET", "/firms/" + QUIET + "/margin", "k-larkspur", null, null), 403);
        assertRefused(call("GET", "/firms/..%2F..%2Fsummary/margin", "k-regulator", null, null), 400);
    }

    @Test
    void onlyTheRegulatorReadsTheRegulatorViews() throws Exception {
        // committed here or by the test that reads larkspur's margin (then this is its duplicate)
        assertThat(submit("k-larkspur", "sec-bd-positions", "fixtures/sec/positions-larkspur-2026-11-20.csv")
                .status()).isIn(200, 201);
        for (String view : List.of("positions-by-taxonomy", "large-positions", "margin-by-firm")) {
            Reply r = call("GET", "/regulator/" + view, "k-regulator", null, null);
            assertThat(r.status()).as(view).isEqualTo(200);
            assertThat(r.type()).startsWith("application/json");
            assertThat(r.body()).isNotNull();
            assertRefused(call("GET", "/regulator/" + view, "k-hudson", null, null), 403);
            assertRefused(call("GET", "/regulator/" + view, "k-maintainer", null, null), 403);
            assertRefused(call("GET", "/regulator/" + view, null, null, null), 401);
            assertRefused(call("GET", "/regulator/" + view, "bad-key", null, null), 401);
        }
        assertThat(call("GET", "/regulator/margin-by-firm", "k-regulator", null, null).body().get("firms"))
                .extracting(f -> f.get("firm").asText()).contains(LARKSPUR);
        Reply xlsx = call("GET", "/regulator/regulator-views.xlsx", "k-regulator", null, null);
        assertThat(xlsx.status()).isEqualTo(200);
        try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
            assertThat(wb.getSheet("Margin by firm")).isNotNull();
        }
        assertRefused(call("GET", "/regulator/regulator-views.xlsx", "k-hudson", null, null), 403);
        assertRefused(call("GET", "/regulator/no-such-view", "k-regulator", null, null), 404);
    }
}
