package io.concord.margin;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Closing market data for one business date ({@code mappings/risk/market-data.yaml}): underlying prices,
 * volatilities and dividend yields by risk factor, the risk-free rate, and FX rates to USD. Each value carries
 * its source.
 *
 * @param asOf          the business date the data is for
 * @param riskFreeRate  continuously compounded USD rate
 * @param factors       by risk factor, e.g. {@code EQ:SPX}
 * @param fxToUsd       USD per one unit of the currency
 */
public record MarketData(LocalDate asOf, Param riskFreeRate, Map<String, Factor> factors, Map<String, Param> fxToUsd) {

    /** What the data says about one risk factor; any part may be null when not given. */
    public record Factor(Param price, Param volatility, Param dividendYield) {
    }

    public MarketData {
        factors = Map.copyOf(factors);
        fxToUsd = Map.copyOf(fxToUsd);
    }

    public static MarketData from(ParamNode root) {
        LocalDate asOf;
        try {
            asOf = LocalDate.parse(root.text("asOf"));
        } catch (DateTimeParseException e) {
            throw root.child("asOf").error("must be a date YYYY-MM-DD");
        }
        Map<String, Factor> factors = new LinkedHashMap<>();
        root.child("riskFactors").entries().forEach((rf, n) -> factors.put(rf, new Factor(
                n.has("price") ? n.param("price") : null,
                n.has("volatility") ? n.param("volatility") : null,
                n.has("dividendYield") ? n.param("dividendYield") : null)));
        Map<String, Param> fx = new LinkedHashMap<>();
        root.child("fxToUsd").entries().forEach((ccy, n) -> fx.put(ccy, n.asParam()));
        return new MarketData(asOf, root.param("riskFreeRate"), factors, fx);
    }
}
