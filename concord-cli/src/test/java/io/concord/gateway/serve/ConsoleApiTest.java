package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.serve.ServeHarness.Reply;
import io.concord.report.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.LARKSPUR;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reads under the console on a gateway holding three real submissions (Hudson's positions, Larkspur's, and
 * Larkspur's file with bad rows): what each role may read and may not, paging and filters, numbers equal to the
 * margin.json the margin call serves, the history, the audit log, /health and /metrics.
 */
class ConsoleApiTest {

    static final String HUDSON_FILE = "fixtures/sec/positions-hudson-2026-11-20.csv";
    static final String LARKSPUR_FILE = "fixtures/sec/positions-larkspur-2026-11-20.csv";
    static final String LARKSPUR_BAD = "fixtures/bad/bd-bad-rows.csv";

    @TempDir
    static Path dir;
    static ServeHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 10_000_000, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("larkspur", Principal.Role.FIRM, LARKSPUR),
                principal("regulator", Principal.Role.REGULATOR),
                principal("maintainer", Principal.Role.MAINTAINER)));
        assertThat(gateway.submit("k-hudson", "sec-bd-positions", HUDSON_FILE).status()).isEqualTo(201);
        assertThat(gateway.submit("k-larkspur", "sec-bd-positions", LARKSPUR_FILE).status()).isEqualTo(201);
        Reply bad = gateway.submit("k-larkspur", "sec-bd-positions", LARKSPUR_BAD);
        assertThat(bad.body().get("status").asText()).isEqualTo("PARTIAL");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static JsonNode ok(String path, String key) throws Exception {
        Reply r = gateway.get(path, key);
        assertThat(r.status()).as(path + " " + new String(r.bytes())).isEqualTo(200);
        return r.body();
    }

    /** A refusal: the status and the API's one error shape. */
    private static void refused(String path, String key, int status) throws Exception {
        Reply r = gateway.get(path, key);
        assertThat(r.status()).as(path).isEqualTo(status);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isNotBlank();
    }

    private static JsonNode published(String relative) throws Exception {
        return Json.MAPPER.readTree(gateway.runtime.gateway().current().folder().resolve(relative).toFile());
    }

    @Test
    void meSaysWhoAndWhat() throws Exception {
        JsonNode me = ok("/me", "k-hudson");
        assertThat(me.get("role").asText()).isEqualTo("FIRM");
        assertThat(me.get("firms").toString()).isEqualTo("[\"" + HUDSON + "\"]");
        assertThat(ok("/me", "k-maintainer").get("may").toString()).contains("mappings").doesNotContain("margin");
        refused("/me", null, 401);
    }

    @Test
    void submissionsAreThoseTheCallerMayRead() throws Exception {
        assertThat(ok("/submissions", "k-hudson").get("total").asInt()).isEqualTo(1);
        assertThat(ok("/submissions", "k-larkspur").get("total").asInt()).isEqualTo(2);
        JsonNode all = ok("/submissions", "k-regulator");
        assertThat(all.get("total").asInt()).isEqualTo(3);
        // newest first: the bad file was the last submitted
        assertThat(all.get("items").get(0).get("fileName").asText()).isEqualTo("bd-bad-rows.csv");
        // Larkspur's positions file has a product no definition maps: both its files are PARTIAL
        JsonNode partial = ok("/submissions?status=PARTIAL", "k-regulator");
        assertThat(partial.get("total").asInt()).isEqualTo(2);
        assertThat(ok("/submissions?status=accepted", "k-regulator").get("items").get(0).get("principal").asText())
                .isEqualTo("hudson");
        JsonNode row = partial.get("items").get(0);
        assertThat(row.get("received").asLong()).isEqualTo(row.get("accepted").asLong() + row.get("rejected").asLong());
        assertThat(ok("/submissions?firm=" + LARKSPUR, "k-regulator").get("total").asInt()).isEqualTo(2);
        JsonNode page2 = ok("/submissions?page=2&size=2", "k-regulator");
        assertThat(page2.get("total").asInt()).isEqualTo(3);
        assertThat(page2.get("items").size()).isEqualTo(1);
        assertThat(ok("/submissions?from=2999-01-01", "k-regulator").get("total").asInt()).isZero();
        refused("/submissions?firm=" + LARKSPUR, "k-hudson", 403);
        refused("/submissions?status=MAYBE", "k-regulator", 400);
        refused("/submissions?size=100000", "k-regulator", 400);
        refused("/submissions", "k-maintainer", 403);
    }

    @Test
    void firmsAndAccountsEqualTheirMarginFiles() throws Exception {
        JsonNode own = ok("/firms", "k-hudson");
        assertThat(own.get("total").asInt()).isEqualTo(1);
        assertThat(own.get("items").get(0).get("firm").asText()).isEqualTo(HUDSON);
        JsonNode firms = ok("/firms?sort=-siloedTotal", "k-regulator");
        List<Double> siloed = new ArrayList<>();
        firms.get("items").forEach(f -> siloed.add(f.get("siloedTotal").asDouble()));
        assertThat(siloed).hasSize(2).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(ok("/firms?q=LARKSPUR", "k-regulator").get("items").get(0).get("firm").asText())
                .isEqualTo(LARKSPUR);

        JsonNode margin = published("reports/" + HUDSON + "/margin.json");
        JsonNode accounts = ok("/firms/" + HUDSON + "/accounts?size=500", "k-hudson");
        assertThat(accounts.get("total").asInt()).isEqualTo(margin.get("accounts").size()).isPositive();
        for (JsonNode a : margin.get("accounts")) {
            JsonNode row = null;
            for (JsonNode r : accounts.get("items")) {
                if (r.get("account").asText().equals(a.get("account").asText())) {
                    row = r;
                }
            }
            assertThat(row).as(a.get("account").asText()).isNotNull();
            assertThat(row.get("siloedTotal").decimalValue()).isEqualByComparingTo(a.get("siloedTotal").decimalValue());
            assertThat(row.get("harmonizedTotal").decimalValue())
                    .isEqualByComparingTo(a.get("harmonized").get("total").decimalValue());
            assertThat(row.get("excessDeficit").decimalValue())
                    .isEqualByComparingTo(a.get("excessDeficit").decimalValue());
            JsonNode one = ok("/firms/" + HUDSON + "/accounts/" + a.get("account").asText() + "/margin", "k-hudson");
            assertThat(one.get("silos")).isEqualTo(a.get("silos"));
            assertThat(one.get("harmonized").get("explain")).isEqualTo(a.get("harmonized").get("explain"));
        }
        String first = margin.get("accounts").get(0).get("account").asText();
        refused("/firms/" + HUDSON + "/accounts", "k-larkspur", 403);
        refused("/firms/" + HUDSON + "/accounts/" + first + "/margin", "k-larkspur", 403);
        refused("/firms/" + HUDSON + "/accounts/NO-SUCH-ACCOUNT/margin", "k-hudson", 404);
        refused("/firms/" + HUDSON + "/accounts", "k-maintainer", 403);
        refused("/firms/not-an-lei/accounts", "k-regulator", 400);
    }

    @Test
    void historyHasTheBusinessDateOfTheState() throws Exception {
        JsonNode history = ok("/firms/" + LARKSPUR + "/margin/history", "k-larkspur");
        assertThat(history.size()).isEqualTo(1);
        JsonNode byFirm = null;
        for (JsonNode f : published("regulator/margin-by-firm.json").get("firms")) {
            if (f.get("firm").asText().equals(LARKSPUR)) {
                byFirm = f;
            }
        }
        assertThat(history.get(0).get("asOf").asText()).isEqualTo("2026-11-20");
        assertThat(history.get(0).get("siloed").asDouble()).isEqualTo(byFirm.get("siloedTotal").asDouble());
        assertThat(ok("/firms/" + LARKSPUR + "/margin/history?to=2026-11-19", "k-regulator").size()).isZero();
        refused("/firms/" + LARKSPUR + "/margin/history", "k-hudson", 403);
    }

    @Test
    void exceptionsAreTheCallersOwn() throws Exception {
        JsonNode larkspur = ok("/exceptions", "k-larkspur");
        assertThat(larkspur.get("total").asInt()).isPositive();
        larkspur.get("items").forEach(r -> assertThat(r.get("file").asText())
                .isIn("bd-bad-rows.csv", "positions-larkspur-2026-11-20.csv"));
        assertThat(larkspur.get("items").get(0).get("location").asText()).startsWith("line ");
        assertThat(ok("/exceptions", "k-hudson").get("total").asInt()).isZero();
        assertThat(ok("/exceptions", "k-regulator").get("total").asInt()).isEqualTo(larkspur.get("total").asInt());
        JsonNode one = ok("/exceptions?reason=INVALID_NUMBER", "k-regulator");
        assertThat(one.get("total").asInt()).isPositive().isLessThan(larkspur.get("total").asInt());
        refused("/exceptions?firm=" + LARKSPUR, "k-hudson", 403);
    }

    @Test
    void theMaintainerSeesTheMappingsOnly() throws Exception {
        JsonNode m = ok("/mappings", "k-maintainer");
        assertThat(m.get("mappingsVersion").asText()).isEqualTo(gateway.runtime.gateway().mappings().version());
        assertThat(m.get("definitions").asInt()).isPositive();
        assertThat(m.get("lint").isArray()).isTrue();
        assertThat(m.get("examples").get("passed").asInt()).isPositive();
        refused("/mappings", "k-regulator", 403);
        refused("/mappings", "k-hudson", 403);
        refused("/firms", "k-maintainer", 403);
    }

    private static HttpResponse<String> root(String path, String key) throws Exception {
        String root = gateway.base.substring(0, gateway.base.length() - "/api".length());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthMetricsAndTheConsolePage() throws Exception {
        HttpResponse<String> health = root("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode h = Json.MAPPER.readTree(health.body());
        assertThat(h.get("ready").asBoolean()).isTrue();
        assertThat(h.get("ledger").get("submissions").asInt()).isEqualTo(3);
        assertThat(h.get("state").get("ageSeconds").asLong()).isNotNegative();

        HttpResponse<String> metrics = root("/metrics", "k-regulator");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("concord_submissions_total{status=\"PARTIAL\"} 2.0",
                "concord_submissions_total{status=\"ACCEPTED\"} 1.0",
                "concord_rejections_total{reason=\"INVALID_NUMBER\"}", "concord_state_recompute_seconds_count",
                "concord_http_server_requests_seconds_count{method=\"POST\",route=\"/api/feeds/{feed}\",status=\"201\"}");
        assertThat(root("/metrics", "k-hudson").statusCode()).isEqualTo(403);
        assertThat(root("/metrics", null).statusCode()).isEqualTo(401);

        HttpResponse<String> page = root("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
                .doesNotContain("unsafe");
        assertThat(root("/console/vendor/echarts.min.js", null).body()).contains("echarts");
        assertThat(root("/console/../../etc/passwd", null).statusCode()).isEqualTo(404);
    }

    @Test
    void readsOfFirmDataAreAudited() throws Exception {
        ok("/firms/" + HUDSON + "/accounts", "k-regulator");
        refused("/firms/" + HUDSON + "/accounts", "k-larkspur", 403);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("out/audit/reads.jsonl"))) {
            lines.add(Json.MAPPER.readTree(l));
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("principal").asText()).isEqualTo("regulator");
            assertThat(l.get("firm").asText()).isEqualTo(HUDSON);
            assertThat(l.get("route").asText()).isEqualTo("/api/firms/{lei}/accounts");
            assertThat(l.get("status").asInt()).isEqualTo(200);
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("principal").asText()).isEqualTo("larkspur");
            assertThat(l.get("firm").asText()).isEqualTo(HUDSON);
            assertThat(l.get("status").asInt()).isEqualTo(403);
        });
    }
}
