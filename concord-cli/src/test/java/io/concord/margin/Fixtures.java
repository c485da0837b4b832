package io.concord.margin;

import io.concord.mapping.MappingSet;
import io.concord.margin.engine.RiskParameters;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.ProductIds;
import io.concord.model.PutCall;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Builders for the positions, collateral lines and market data the margin tests use. */
public final class Fixtures {

    public static final LocalDate AS_OF = LocalDate.of(2026, 11, 20);
    public static final String FIRM = "549300LARKSPURSEC059";
    public static final MappingSet MAPPINGS = MappingSet.load(Path.of("mappings"));
    public static final RiskParameters RISK = RiskParameters.load(Path.of("mappings/risk"));

    private Fixtures() {
    }

    public static MarginAccount account(String account, SegregationClass sc) {
        return new MarginAccount(FIRM, account, sc);
    }

    /** A product of taxonomy {@code code} (agency and regime from the taxonomy). */
    public static Product product(String code, String contract, String maturity, String riskFactor, double multiplier,
                                  String marginKey, LocalDate expiry, Double strike, PutCall pc,
                                  Map<String, String> terms) {
        var node = MAPPINGS.taxonomy().node(code).orElseThrow();
        return new Product(code, node.agency(), node.regime(), new ProductIds(null, null, null, null, null, "XCME",
                contract, maturity), riskFactor, BigDecimal.valueOf(multiplier), "USD", marginKey, expiry,
                strike == null ? null : BigDecimal.valueOf(strike), pc, terms);
    }

    /** A position: positive quantity long, negative short. */
    public static Position position(Product product, double qty, Double price) {
        return position(product, qty, price, null);
    }

    public static Position position(Product product, double qty, Double price, Double marketValue) {
        BigDecimal q = BigDecimal.valueOf(Math.abs(qty));
        return new Position(FIRM, "ACC-1", SegregationClass.SEC_15C3_3_CUST, product,
                qty >= 0 ? q : BigDecimal.ZERO, qty < 0 ? q : BigDecimal.ZERO, Map.of(),
                price == null ? null : BigDecimal.valueOf(price),
                marketValue == null ? null : BigDecimal.valueOf(marketValue), AS_OF, null, ReportAction.NEW,
                Lineage.of("test", "test-positions", 1, "line 2", "test-1"));
    }

    public static Position stock(String symbol, double qty, double price) {
        return position(product("EQUITY/SINGLE_STOCK/CASH", symbol, null, "EQ:" + symbol, 1, "SEC:EQUITY", null, null,
                null, Map.of()), qty, price);
    }

    public static Position stockOption(String symbol, PutCall pc, double strike, LocalDate expiry, double qty,
                                       double premium) {
        return position(product("EQUITY/SINGLE_STOCK/LISTED_OPTION", symbol, null, "EQ:" + symbol, 100,
                "SEC:EQUITY_OPTION", expiry, strike, pc, Map.of()), qty, premium);
    }

    /** Market data for {@link #AS_OF} with the given risk factors (price, volatility, dividend yield). */
    public static MarketContext market(List<Position> booked, Map<String, double[]> factors) {
        Map<String, MarketData.Factor> f = new java.util.LinkedHashMap<>();
        factors.forEach((rf, v) -> f.put(rf, new MarketData.Factor(Param.of(v[0], "test"), Param.of(v[1], "test"),
                Param.of(v[2], "test"))));
        return new MarketContext(AS_OF, new MarketData(AS_OF, Param.of(0.04, "test"), f,
                Map.of("EUR", Param.of(1.16, "test"))), booked);
    }

    public static CollateralLine collateral(SegregationClass sc, String assetClass, String currency, double marketValue,
                                            CollateralLine.Purpose purpose, String custodyModel) {
        return new CollateralLine(AS_OF, "test", FIRM, "ACC-1", sc, "DTC",
                new CollateralLine.AssetIds(null, null, null, currency), assetClass,
                assetClass.startsWith("COLLATERAL/TOKENIZED/"), assetClass.startsWith("COLLATERAL/TOKENIZED/")
                ? "ethereum" : null, null, custodyModel, null, null, BigDecimal.valueOf(marketValue), currency, null,
                null, null, purpose, CollateralLine.Direction.POSTED, null,
                Lineage.of("test", "collateral.xlsx", 1, "sheet Collateral row 2", "test-c"));
    }
}
