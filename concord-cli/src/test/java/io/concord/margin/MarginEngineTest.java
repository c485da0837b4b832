package io.concord.margin;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarginReport;
import io.concord.model.CollateralLine.Purpose;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.FIRM;
import static io.concord.margin.Fixtures.MAPPINGS;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.collateral;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

class MarginEngineTest {

    private final MarginEngine engine = MarginEngine.standard(MAPPINGS.taxonomy(), RISK);

    private static Position in(Position p, String account, SegregationClass sc) {
        return new Position(FIRM, account, sc, p.product(), p.longQty(), p.shortQty(), p.quantities(), p.price(),
                p.marketValue(), p.asOf(), p.location(), ReportAction.NEW, p.lineage());
    }

    private static Position irs(String account, String cleared) {
        return in(position(product("RATES/IRS/SWAP", null, null, "IR:USD:SOFR", 1, "OTC", AS_OF.plusYears(10), null,
                null, Map.of("notional", "50000000", "notionalCurrency", "USD", "uti", "UTI-9", "cleared", cleared)),
                1, null, 100_000.0), account, SegregationClass.UNCLEARED_IM_SEG);
    }

    @Test
    void securitiesAccountsGoToPortfolioMarginOnlyWhenApproved() {
        Position approved = in(Fixtures.stock("NVDA", -2500, 188.25), "C-10022", SegregationClass.SEC_15C3_3_CUST);
        Position notApproved = in(Fixtures.stock("NVDA", -2500, 188.25), "C-10021", SegregationClass.SEC_15C3_3_CUST);
        MarginReport r = engine.run("v1", List.of(approved, notApproved), List.of());
        assertThat(r.accounts()).extracting(AccountMargin::account).containsExactly("C-10021", "C-10022");
        AccountMargin regt = r.accounts().get(0);
        assertThat(regt.silos()).singleElement().satisfies(s -> {
            assertThat(s.silo()).isEqualTo("SEC_REGT");
            // FINRA 4210(c): short 30 % of 470,625
            assertThat(s.requirement()).isEqualByComparingTo("141187.50");
            assertThat(s.explain().basis()).contains("is not listed as approved for portfolio margin in accounts.yaml");
        });
        AccountMargin pm = r.accounts().get(1);
        assertThat(pm.silos()).singleElement().satisfies(s -> {
            assertThat(s.silo()).isEqualTo("SEC_PM");
            // 4210(g): +15 % on 470,625 short
            assertThat(s.requirement()).isEqualByComparingTo("70593.75");
            assertThat(s.explain().basis()).contains("portfolio margin approved 2025-09-15");
        });
    }

    @Test
    void swapsGoToTheScheduleUntilASimmSiloCoversTheAccount() {
        MarginReport r = engine.run("v1", List.of(irs("U-1", "false"), irs("U-2", "true")), List.of());
        AccountMargin u1 = r.accounts().get(0);
        // 50m x 4 % = 2m gross; one trade with positive MTM: NGR 1 -> 2m
        assertThat(u1.silos()).singleElement().satisfies(s -> {
            assertThat(s.silo()).isEqualTo("SCHEDULE");
            assertThat(s.requirement()).isEqualByComparingTo("2000000.00");
        });
        AccountMargin u2 = r.accounts().get(1);
        assertThat(u2.silos()).isEmpty();
        assertThat(u2.unmargined()).singleElement().satisfies(u -> assertThat(u.reason()).startsWith("cleared swap"));

        MarginSilo simm = new MarginSilo() {
            @Override
            public String id() {
                return "SIMM";
            }

            @Override
            public boolean covers(MarginAccount account) {
                return accounts().contains(account);
            }

            @Override
            public java.util.Set<MarginAccount> accounts() {
                return java.util.Set.of(new MarginAccount(FIRM, "U-1", SegregationClass.UNCLEARED_IM_SEG),
                        new MarginAccount(FIRM, "U-4", SegregationClass.UNCLEARED_IM_SEG));
            }

            @Override
            public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
                return new SiloResult("SIMM", Explain.leaf("SIMM requirement", 1_234_567.89, "stub SIMM from CRIF"),
                        List.of());
            }
        };
        MarginReport withSimm = engine.with(simm).run("v1", List.of(irs("U-1", "false"), irs("U-3", "false")),
                List.of());
        assertThat(withSimm.accounts().get(0).silos()).extracting(AccountMargin.SiloMargin::silo).containsExactly("SIMM");
        assertThat(withSimm.accounts().get(1).silos()).extracting(AccountMargin.SiloMargin::silo)
                .containsExactly("SCHEDULE");
        // U-4 has CRIF sensitivities and no booked swap: it is margined by SIMM all the same
        assertThat(withSimm.accounts().get(2).account()).isEqualTo("U-4");
        assertThat(withSimm.accounts().get(2).silos()).singleElement().satisfies(m ->
                assertThat(m.requirement()).isEqualByComparingTo("1234567.89"));
    }

    @Test
    void collateralCoversTheRequirementAndEarlierDatesAreReportedNotMargined() {
        Position fut = in(position(product("EQUITY/INDEX_HIGH_CAP/FUTURE", "ES", "202612", "EQ:SPX", 50, "CME:ES",
                AS_OF.plusDays(28), null, null, Map.of()), 125, 6852.25), "CUST-1001", SegregationClass.CFTC_4D_FUT);
        Position yesterday = new Position(FIRM, "CUST-1001", SegregationClass.CFTC_4D_FUT, fut.product(),
                BigDecimal.TEN, BigDecimal.ZERO, Map.of(), fut.price(), null, AS_OF.minusDays(1), null,
                ReportAction.NEW, Lineage.of("test", "old.xml", 1, "line 1", "s"));
        var cash = collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/CASH/USD", "USD", 2_000_000, Purpose.IM, null);
        var bills = collateral(SegregationClass.CFTC_4D_FUT, "COLLATERAL/TREASURY/BILL", "USD", 1_000_000, Purpose.IM,
                null);
        var acct = new io.concord.model.CollateralLine(cash.asOf(), cash.source(), FIRM, "CUST-1001",
                cash.segregationClass(), cash.location(), cash.assetIds(), cash.assetClass(), false, null, null, null,
                null, null, cash.marketValue(), "USD", null, null, null, Purpose.IM, cash.direction(), null,
                cash.lineage());
        var acctBills = new io.concord.model.CollateralLine(bills.asOf(), bills.source(), FIRM, "CUST-1001",
                bills.segregationClass(), bills.location(), bills.assetIds(), bills.assetClass(), false, null, null,
                null, null, null, bills.marketValue(), "USD", null, null, null, Purpose.IM, bills.direction(), null,
                bills.lineage());
        MarginReport r = engine.run("v1", List.of(fut, yesterday), List.of(acct, acctBills));
        assertThat(r.asOf()).isEqualTo(AS_OF);
        assertThat(r.earlierDates()).singleElement().satisfies(d -> {
            assertThat(d.asOf()).isEqualTo(AS_OF.minusDays(1));
            assertThat(d.positions()).isEqualTo(1);
        });
        AccountMargin a = r.accounts().get(0);
        // long 125 ES: 125 x $22,500 price scan range (span.yaml CME:ES) = $2,812,500
        assertThat(a.siloedTotal()).isEqualByComparingTo("2812500.00");
        // cash 2,000,000 + bills 1,000,000 x 99.5 %
        assertThat(a.collateral().postHaircut()).isEqualByComparingTo("2995000.00");
        assertThat(a.excessDeficit()).isEqualByComparingTo("182500.00");
    }
}
