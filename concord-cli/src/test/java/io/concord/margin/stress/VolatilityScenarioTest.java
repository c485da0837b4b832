package io.concord.margin.stress;

import io.concord.margin.engine.MarginEngine;
import io.concord.margin.stress.Coverage.AccountCoverage;
import io.concord.model.PutCall;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The volatility scenario of the library ({@code mappings/stress/vix-spike-2018-02-05.yaml}) revalues options on the
 * S&amp;P 500 at the moved volatility, and moves nothing else.
 */
class VolatilityScenarioTest {

    @Test
    void theVixSpikeRevaluesAShortSpxCallAtTheMovedVolatility() {
        // Short 10 SPX calls, strike 6,850, expiring 30 days after 2026-11-20, multiplier 100; the day's market data:
        // S&P 500 6,848.50, volatility 0.16, dividend yield 0.013, risk-free 0.04. Black-Scholes with T = 30/365:
        // at 0.16 one call is worth 132.0095; at 0.16 + 0.2001 (VIX +20.01 points, Cboe 5 Feb 2018) 288.2409.
        // P&L = -10 x 100 x (288.2409 - 132.0095) = -156,231.41. The S&P 500 price itself is not moved by the file.
        var call = position(product("EQUITY/INDEX_HIGH_CAP/LISTED_OPTION", "SPX", null, "EQ:SPX", 100,
                "SEC:INDEX_OPTION", AS_OF.plusDays(30), 6850.0, PutCall.CALL, Map.of()), -10, 132.0);
        var run = StressCoverageTest.run(MarginEngine.standard(MAPPINGS.taxonomy(), RISK),
                List.of(StressCoverageTest.in("OPT-1", SegregationClass.SEC_15C3_3_CUST, call)));
        AccountCoverage a = run.account("OPT-1");
        assertThat(a.notRevalued()).isEmpty();
        var vix = StressCoverageTest.in(a, "vix-spike-2018-02-05");
        assertThat(vix.pnl().doubleValue()).isCloseTo(-156_231.41, within(0.01));
        assertThat(vix.unshockedFactors()).isEmpty();
        // the FTX day moves neither the price nor the volatility of the S&P 500
        assertThat(StressCoverageTest.in(a, "ftx-2022-11-09").unshockedFactors()).containsExactly("EQ:SPX");
    }
}
