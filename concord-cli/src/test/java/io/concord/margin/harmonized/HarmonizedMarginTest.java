package io.concord.margin.harmonized;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.Fixtures;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginReport;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.FIRM;
import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Harmonized margin on hand-built portfolios: collateral on a shared factor, and credits across factors. */
class HarmonizedMarginTest {

    private final MarginEngine engine = MarginEngine.standard(MAPPINGS.taxonomy(), RISK);

    private static Position xm(Position p) {
        return new Position(FIRM, "XM-9", SegregationClass.XM, p.product(), p.longQty(), p.shortQty(), p.quantities(),
                p.price(), p.marketValue(), p.asOf(), p.location(), ReportAction.NEW, p.lineage());
    }

    private static Position future(String code, String taxonomy, String riskFactor, double mult, double qty,
                                   double price) {
        return xm(position(product(taxonomy, code, "202612", riskFactor, mult, "CME:" + code, AS_OF.plusDays(30), null,
                null, Map.of()), qty, price));
    }

    private static Position etf(String riskFactor, String marginKey, double qty, double price) {
        return xm(position(product("EQUITY/ETF/CASH", null, null, riskFactor, 1, marginKey, null, null, null,
                Map.of()), qty, price, qty * price));
    }

    private static AccountMargin only(MarginReport r) {
        assertThat(r.accounts()).hasSize(1);
        return r.accounts().get(0);
    }

    @Test
    void bitcoinPostedAsCollateralOffsetsShortBitcoinFutures() {
        // short 5 BTC at 86,500 (x 5 bitcoin): SPAN 5 x 135,000 = 675,000 (risk/span.yaml CME:BTC); 2,000,000 of
        // bitcoin posted to the same XM account counts zero as collateral (risk/collateral.yaml) but moves with the
        // futures: over +/-31.21% (135,000 / 432,500) the pair loses at most 2,162,500 x 31.21% - 2,000,000 x 31.21%
        // = 50,722.83. The saving 624,277 exceeds the cap 80% x 675,000 = 540,000: harmonized 135,000.
        Position btc = future("BTC", "CRYPTO/BTC/FUTURE", "CRYPTO:BTC", 5, -5, 86_500);
        CollateralLine coin = Fixtures.collateral(SegregationClass.XM, "COLLATERAL/CRYPTO/BTC", "USD", 2_000_000,
                CollateralLine.Purpose.IM, "QUALIFIED_CUSTODIAN");
        coin = new CollateralLine(coin.asOf(), coin.source(), FIRM, "XM-9", SegregationClass.XM, coin.location(),
                coin.assetIds(), coin.assetClass(), false, null, null, "QUALIFIED_CUSTODIAN", null, null,
                coin.marketValue(), "USD", null, null, null, coin.purpose(), coin.direction(), null, coin.lineage());
        AccountMargin a = only(engine.run("v1", List.of(btc), List.of(coin)));
        assertThat(a.siloedTotal()).isEqualByComparingTo("675000.00");
        Harmonized h = a.harmonized();
        assertThat(h.offsets()).anySatisfy(o -> {
            assertThat(o.type()).isEqualTo("CROSS_SILO");
            assertThat(o.silos()).containsExactly("CFTC_SPAN", "COLLATERAL");
        });
        assertThat(h.portfolio().uncappedSaving().doubleValue()).isEqualTo(675_000 - 50_722.83, within(1.0));
        assertThat(h.savingCapped()).isTrue();
        assertThat(h.total()).isEqualByComparingTo("135000.00");

        // without the collateral the futures have nothing to offset
        Harmonized alone = only(engine.run("v1", List.of(btc), List.of())).harmonized();
        assertThat(alone.saving()).isEqualByComparingTo("0.00");
        assertThat(alone.stayedSiloed()).singleElement().satisfies(s ->
                assertThat(s.reason()).isEqualTo("nothing on CRYPTO:BTC in another silo to offset (only [CFTC_SPAN])"));
    }

    @Test
    void opposedIndexFactorsEarnTheConfiguredCreditOnTheSmallerRequirement() {
        // EQ:SPX net long (3,000 SPY against 4 short ES), EQ:NDX net short (500 QQQ against 2 short NQ): their
        // exposures run opposite ways, so harmonized.yaml's 70% EQ:SPX v EQ:NDX credit applies to the smaller of the
        // two factors' joint requirements.
        List<Position> book = List.of(etf("EQ:SPX", "SEC:ETF:SPX", 3000, 683.10),
                future("ES", "EQUITY/INDEX_HIGH_CAP/FUTURE", "EQ:SPX", 50, -4, 6852.25),
                etf("EQ:NDX", "SEC:ETF:NDX", 500, 610.30),
                future("NQ", "EQUITY/INDEX_BROAD/FUTURE", "EQ:NDX", 20, -2, 25114.75));
        // not approved for portfolio margin: the ETFs are Reg T (25% long), which sets their side of the joint range
        Harmonized h = only(engine.run("v1", book, List.of())).harmonized();
        Harmonized.Offset credit = h.offsets().stream().filter(o -> o.type().equals("CROSS_FACTOR")).findFirst()
                .orElseThrow();
        assertThat(credit.riskFactors()).containsExactly("EQ:SPX", "EQ:NDX");
        var joint = h.explain().children().get(2).children();
        double spx = joint.stream().filter(e -> e.label().equals("risk factor EQ:SPX")).findFirst().orElseThrow()
                .amount().doubleValue();
        double ndx = joint.stream().filter(e -> e.label().equals("risk factor EQ:NDX")).findFirst().orElseThrow()
                .amount().doubleValue();
        assertThat(credit.amount().doubleValue()).isEqualTo(0.70 * Math.min(spx, ndx), within(0.01));
        assertThat(h.explain().children().get(2).amount().doubleValue())
                .isEqualTo(spx + ndx - credit.amount().doubleValue(), within(0.02));
    }

    @Test
    void aConfiguredScanRangeAppliesOnlyWhereItIsWiderThanTheSilos(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        java.nio.file.Path risk = tmp.resolve("risk");
        java.nio.file.Files.createDirectories(risk);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("mappings/risk"))) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.copy(f, risk.resolve(f.getFileName()));
            }
        }
        // the business date's market data beside it, as in a mappings folder
        java.nio.file.Files.createDirectories(tmp.resolve("market-data"));
        java.nio.file.Files.copy(java.nio.file.Path.of("mappings/market-data/2026-11-20.yaml"),
                tmp.resolve("market-data/2026-11-20.yaml"));
        java.nio.file.Path h = risk.resolve("harmonized.yaml");
        java.nio.file.Files.writeString(h, java.nio.file.Files.readString(h).replace(
                "\"EQ:SPX\": {kind: PRICE, description: \"S&P 500: E-mini S&P 500 futures and options (CFTC), SPX options and SPY (SEC)\"}",
                "\"EQ:SPX\": {kind: PRICE, description: \"S&P 500\", scanRange: {down: {value: 0.12, source: \"test: a "
                        + "wider stress\"}, up: {value: 0.03, source: \"test: narrower than SPAN\"}}}"));
        var params = io.concord.margin.engine.RiskParameters.load(risk);
        MarginEngine wider = MarginEngine.standard(MAPPINGS.taxonomy(), params);
        // 3,000 SPY against 4 short ES as in fixture XM-2002, here in an account not approved for PM (Reg T 25%)
        List<Position> book = List.of(etf("EQ:SPX", "SEC:ETF:SPX", 3000, 683.10),
                future("ES", "EQUITY/INDEX_HIGH_CAP/FUTURE", "EQ:SPX", 50, -4, 6852.25));
        String basis = only(wider.run("v1", book, List.of())).harmonized().explain().children().get(2).children()
                .get(0).basis();
        // down: max(Reg T 25%, SPAN 6.57%, configured 12%) = 25%; up: max(SPAN 6.57%, configured 3%) = 6.57%
        assertThat(basis).contains("joint range \u221225.00% / +6.57%", "configured 0.12 [test: a wider stress");
        assertThat(params.harmonized().factors().get("EQ:SPX").scanDown().value()).isEqualTo(0.12);
    }

    @Test
    void optionsOnFuturesAreAlsoRevaluedWithTheSpanVolatilityShift() {
        // short 10 ES Dec-26 7000 calls (SPAN, volatility scan range 0.03 in risk/span.yaml) against 100 SPY: the calls
        // dominate, so the joint scan's worst point is a rally with volatility up, as in SPAN's own scenarios
        Position es = future("ES", "EQUITY/INDEX_HIGH_CAP/FUTURE", "EQ:SPX", 50, 1, 6852.25);
        Position calls = xm(position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "ES", "202612", "EQ:SPX", 50,
                "CME:ES", java.time.LocalDate.of(2026, 12, 18), 7000.0, io.concord.model.PutCall.CALL, Map.of()), -10,
                40.0));
        Harmonized h = only(engine.run("v1", List.of(etf("EQ:SPX", "SEC:ETF:SPX", 100, 683.10), es, calls),
                List.of())).harmonized();
        var factor = h.explain().children().get(2).children().get(0);
        assertThat(factor.label()).isEqualTo("risk factor EQ:SPX");
        assertThat(factor.basis()).contains("options also revalued with volatility ± 0.03", "worst at +6.57% vol +0.030");
    }

    @Test
    void aShortStrangleOnFuturesTakesTheShortOptionMinimumOnTheGreaterSideAsSpanDoes() {
        // CME Clearing Advisory 99-65 (July 1999): the short option minimum is charged on the greater of the short
        // calls or the short puts of a combined commodity, not on their sum. Short 10 ES Dec-26 9000 calls and 6 ES
        // Dec-26 4000 puts, both far out of the money and nearly worthless, against 10 SPY: CME:ES's minimum is
        // 500 per contract (risk/span.yaml), so 500 x max(10, 6) = 5,000.00 - not 500 x 16 = 8,000.00 - and SPY, a
        // share, has no per-contract minimum. Over the joint range the strangle barely moves and the 10 SPY lose at
        // most 8% x 6,831.00 = 546.48, so the minimum sets the factor's requirement.
        Position calls = xm(position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "ES", "202612", "EQ:SPX", 50,
                "CME:ES", java.time.LocalDate.of(2026, 12, 18), 9000.0, io.concord.model.PutCall.CALL, Map.of()), -10,
                0.05));
        Position puts = xm(position(product("EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "ES", "202612", "EQ:SPX", 50,
                "CME:ES", java.time.LocalDate.of(2026, 12, 18), 4000.0, io.concord.model.PutCall.PUT, Map.of()), -6,
                0.05));
        Position es = future("ES", "EQUITY/INDEX_HIGH_CAP/FUTURE", "EQ:SPX", 50, 0, 6852.25);
        List<Exposure> exposures = List.of(
                new Exposure("EQ:SPX", "CFTC_SPAN", "calls", (m, v) -> 0, "", 0.0657, 0.0657, "", 10 * 500.0,
                        "CME:ES", io.concord.model.PutCall.CALL, 0.03),
                new Exposure("EQ:SPX", "CFTC_SPAN", "puts", (m, v) -> 0, "", 0.0657, 0.0657, "", 6 * 500.0,
                        "CME:ES", io.concord.model.PutCall.PUT, 0.03),
                new Exposure("EQ:SPX", "SEC_PM", "SPX option", (m, v) -> 0, "", 0.08, 0.06, "", 0.375 * 100 * 4,
                        null, null, 0));
        // SEC PM's $0.375 x 100 x 4 contracts = 150.00 stays per position, added to the pooled 5,000.00
        assertThat(JointScan.minimums(exposures)).isEqualTo(5_150.0, within(1e-9));

        Harmonized h = only(engine.run("v1", List.of(etf("EQ:SPX", "SEC:ETF:SPX", 10, 683.10), es, calls, puts),
                List.of())).harmonized();
        var factor = h.explain().children().get(2).children().get(0);
        assertThat(factor.label()).isEqualTo("risk factor EQ:SPX");
        assertThat(factor.basis()).contains("short calls and short puts 5,000.00");
        assertThat(factor.amount()).isEqualByComparingTo("5000.00");
    }
}
