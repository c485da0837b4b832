package io.concord.gateway.routes;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.concord.gateway.Spool;
import io.concord.gateway.serve.ServeConfig;
import io.concord.gateway.serve.ServeGateway;
import io.concord.ledger.Ledger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling an upstream that misbehaves (WireMock on 127.0.0.1), with serve mode's stages and an embedded H2
 * ledger: whatever the fault, the feed is taken in exactly once, nothing lost and nothing duplicated. Each test
 * waits for a number of completed polls with a NotifyBuilder (no sleeps); the polls after the one that took the
 * feed in fetch it again and must come out as duplicates of it.
 */
class HttpPollRoutesTest {

    private static final Path FEED = Path.of("fixtures/cftc/ltr80-2026-11-20.txt");
    private static final String PATH = "/feeds/ltr80.txt";
    private static final int RECORDS = 17;

    @TempDir
    Path dir;
    private WireMockServer upstream;
    private Ledger ledger;
    private DefaultCamelContext camel;
    private ServeGateway gateway;

    @BeforeEach
    void upstream() {
        upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
        // pay the server's first-request warm-up here, not inside a poll's timeout
        upstream.stubFor(get("/warm-up").willReturn(aResponse().withStatus(204)));
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/warm-up"))
                .build(), HttpResponse.BodyHandlers.discarding()).join();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (camel != null) {
            camel.stop();
        }
        if (gateway != null) {
            // the current state is recomputed on a thread of its own: it must be done writing before the folder goes
            gateway.current().close();
        }
        upstream.stop();
    }

    /** First answer {@code fault}, then the feed. */
    private void faultThenFeed(ResponseDefinitionBuilder fault) throws Exception {
        upstream.stubFor(get(PATH).inScenario("upstream").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fault).willSetStateTo("recovered"));
        upstream.stubFor(get(PATH).inScenario("upstream").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(Files.readAllBytes(FEED))));
    }

    /** Polls until {@code polls} polls have completed, then stops polling. */
    private void poll(int polls, Map<String, String> extra) throws Exception {
        Properties p = new Properties();
        try (InputStream in = HttpPollRoutesTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        Map<String, String> test = new HashMap<>(Map.of(
                "concord.poll.url", upstream.baseUrl() + PATH,
                "concord.poll.period", "50", "concord.poll.delay", "0",
                "concord.poll.response-timeout", "1000", "concord.poll.connect-timeout", "1000",
                "concord.poll.maximum-redeliveries", "3", "concord.poll.redelivery-delay", "10",
                "concord.poll.maximum-redelivery-delay", "100"));
        test.putAll(extra);
        test.forEach(p::setProperty);
        ServeConfig config = new ServeConfig("127.0.0.1", 1, 0, dir.resolve("inbox"), dir.resolve("out"),
                Path.of("mappings"), "jdbc:h2:file:" + dir.resolve("ledger"), null, null, List.of());
        ledger = Ledger.open(config.ledgerUrl(), config.ledgerUser(), config.ledgerPassword());
        gateway = new ServeGateway(config, ledger);
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(p);
        camel.addRoutes(new ErrorHandling(gateway));
        camel.addRoutes(new IngestRoutes(gateway));
        camel.addRoutes(new HttpPollRoutes(gateway, new Spool(dir.resolve("out/.incoming/poll"))));
        camel.getRouteDefinition("http-poll").autoStartup(false);
        camel.start();
        // a poll is one timer exchange; the split copies of the ingest route are not polls
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("http-poll")
                .filter(e -> e.getProperty(Exchange.SPLIT_INDEX) == null).whenDone(polls).create();
        camel.getRouteController().startRoute("http-poll");
        // a generous bound, not a wait: the polls complete in well under a second on an idle machine
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("%d polls completed", polls).isTrue();
        camel.getRouteController().stopRoute("http-poll");
    }

    private int requests() {
        return upstream.findAll(getRequestedFor(urlEqualTo(PATH))).size();
    }

    /** One submission committed with every record, the file kept once, nothing left in the spool. */
    private void assertTakenInOnce() throws Exception {
        assertThat(ledger.count("submission")).isEqualTo(1);
        Path submissions = dir.resolve("out/submissions");
        try (Stream<Path> s = Files.list(submissions)) {
            Path only = s.toList().get(0);
            assertThat(only.getFileName().toString()).startsWith("cftc-ltr80-");
            assertThat(Files.readAllLines(only.resolve("normalized/positions.jsonl"))).hasSize(RECORDS)
                    .allMatch(l -> l.contains("\"feed\":\"cftc-ltr80\"") && l.contains("\"file\":\"ltr80.txt\""));
        }
        try (Stream<Path> s = Files.list(dir.resolve("out/received"))) {
            assertThat(s.toList()).singleElement().satisfies(f -> assertThat(f).hasSameBinaryContentAs(FEED));
        }
        try (Stream<Path> s = Files.walk(dir.resolve("out/.incoming/poll"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void connectionResetByPeerIsRetried() throws Exception {
        faultThenFeed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        poll(3, Map.of());
        assertTakenInOnce();
        // poll 1: the reset, then its retry gets the feed; polls 2 and 3 fetch the same feed again
        assertThat(requests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void serviceUnavailableThenOkIsRetried() throws Exception {
        faultThenFeed(aResponse().withStatus(503).withHeader("Retry-After", "1").withBody("maintenance"));
        poll(2, Map.of());
        assertTakenInOnce();
        assertThat(requests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsAbandonedAndRetried() throws Exception {
        faultThenFeed(aResponse().withStatus(200).withFixedDelay(4000).withBody(Files.readAllBytes(FEED)));
        poll(2, Map.of());
        assertTakenInOnce();
        assertThat(requests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anUpstreamDownForAWholePollTakesNothingInAndTheNextPollAsksAgain() throws Exception {
        upstream.stubFor(get(PATH).inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("down-1"));
        for (int i = 1; i <= 3; i++) {
            upstream.stubFor(get(PATH).inScenario("down").whenScenarioStateIs("down-" + i)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo(i == 3 ? "up" : "down-" + (i + 1)));
        }
        upstream.stubFor(get(PATH).inScenario("down").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(Files.readAllBytes(FEED))));
        poll(2, Map.of());
        // poll 1: the attempt and its 3 retries all get 503 and it gives up with nothing taken in; poll 2 takes it
        assertTakenInOnce();
        assertThat(requests()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        upstream.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));
        poll(1, Map.of("concord.poll.period", "3600000"));
        assertThat(requests()).isEqualTo(1);
        assertThat(ledger.count("submission")).isZero();
    }
}
