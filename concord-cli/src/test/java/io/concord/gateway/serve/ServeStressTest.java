package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.cli.ConcordCli;
import io.concord.gateway.serve.ServeHarness.Reply;
import io.concord.report.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.MERIDIAN;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stress and backtest over the API: {@code GET /api/firms/{lei}/stress} (the firm's own, or any for a regulator)
 * and {@code GET /api/market/stress} (regulator only), on the gateway's current state, equal to what one
 * {@code process} run over the same files writes. The mappings carry a {@code backtest/} series (the illustrative
 * one of examples/), so every state is backtested too.
 */
class ServeStressTest {

    static final String EOD = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
    static final Path SERIES = Path.of("examples/backtest/illustrative-2026-q4");

    @TempDir
    static Path dir;
    static ServeHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 10_000_000, List.of(
                principal("meridian", Principal.Role.FIRM, MERIDIAN),
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("regulator", Principal.Role.REGULATOR)), c -> {
                    Path backtest = c.mappings().resolve("backtest");
                    try (Stream<Path> s = Files.list(SERIES)) {
                        Files.createDirectories(backtest);
                        for (Path f : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                            Files.copy(f, backtest.resolve(f.getFileName()));
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return c;
                });
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aFirmReadsItsOwnStressAndBacktestAndTheRegulatorTheMarkets() throws Exception {
        assertThat(gateway.get("/firms/" + MERIDIAN + "/stress", "k-meridian").status())
                .as("nothing submitted yet").isEqualTo(404);
        assertThat(gateway.submit("k-meridian", "cftc-fixml-posrpt", EOD).status()).isEqualTo(201);

        Path reference = dir.resolve("reference");
        assertThat(ConcordCli.run("process", "--out", reference.toString(), "--mappings",
                dir.resolve("mappings").toString(), EOD)).isZero();
        JsonNode stress = Json.MAPPER.readTree(reference.resolve("margin/stress.json").toFile());
        JsonNode backtest = Json.MAPPER.readTree(reference.resolve("margin/backtest.json").toFile());

        Reply own = gateway.get("/firms/" + MERIDIAN + "/stress", "k-meridian");
        assertThat(own.status()).as(new String(own.bytes())).isEqualTo(200);
        JsonNode body = own.body();
        assertThat(body.get("firm").asText()).isEqualTo(MERIDIAN);
        assertThat(body.at("/stress/accounts")).isNotEmpty().isEqualTo(stress.get("accounts"));
        assertThat(body.at("/stress/scenarios")).isEqualTo(stress.get("scenarios"));
        assertThat(body.at("/stress/firms")).singleElement().isEqualTo(stress.at("/firms/0"));
        assertThat(body.at("/stress/market").isMissingNode()).as("the market is the regulator's").isTrue();
        assertThat(body.at("/backtest/accounts")).isNotEmpty().isEqualTo(backtest.get("accounts"));
        assertThat(body.at("/backtest/series/days").asInt()).isEqualTo(27);
        assertThat(body.at("/backtest/firms/0/accountRegimes/SILOED/observations").asLong()).isPositive();

        assertThat(gateway.get("/firms/" + MERIDIAN + "/stress", "k-hudson").status())
                .as("another firm's stress").isEqualTo(403);
        assertThat(gateway.get("/firms/" + MERIDIAN + "/stress", "k-regulator").body()).isEqualTo(body);
        assertThat(gateway.get("/firms/not-an-lei/stress", "k-regulator").status()).isEqualTo(400);
        assertThat(gateway.get("/firms/" + HUDSON + "/stress", "k-hudson").status())
                .as("a firm with nothing in the state").isEqualTo(404);

        assertThat(gateway.get("/market/stress", "k-meridian").status()).isEqualTo(403);
        Reply market = gateway.get("/market/stress", "k-regulator");
        assertThat(market.status()).isEqualTo(200);
        assertThat(market.body().at("/stress/market")).isEqualTo(stress.get("market"));
        assertThat(market.body().at("/stress/firms")).isEqualTo(stress.get("firms"));
        assertThat(market.body().at("/stress/accounts").isMissingNode()).isTrue();
        assertThat(market.body().at("/backtest/market")).isEqualTo(backtest.get("market"));
        assertThat(market.body().at("/backtest/accounts").isMissingNode()).isTrue();
    }
}
