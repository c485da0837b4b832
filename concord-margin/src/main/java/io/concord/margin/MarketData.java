package io.concord.margin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.mapping.MappingFiles;
import io.concord.mapping.MappingProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closing market data for one business date (a dated file of {@code mappings/market-data/}, or a day of a
 * backtest series): underlying prices, volatilities and dividend yields by risk factor, the risk-free rate, and FX
 * rates to USD. Each value carries its source.
 *
 * @param asOf          the business date the data is for
 * @param riskFreeRate  continuously compounded USD rate
 * @param factors       by risk factor, e.g. {@code EQ:SPX}
 * @param fxToUsd       USD per one unit of the currency
 */
public record MarketData(LocalDate asOf, Param riskFreeRate, Map<String, Factor> factors, Map<String, Param> fxToUsd) {

    /**
     * What the data says about one risk factor; any part may be null when not given.
     *
     * @param rate  for a yield or credit-spread factor ({@code IR:*}, {@code CR:*}): its level as a decimal
     *              fraction (0.0425 = 4.25 %, 0.0055 = 55 bp)
     */
    public record Factor(Param price, Param volatility, Param dividendYield, Param rate) {
        public Factor(Param price, Param volatility, Param dividendYield) {
            this(price, volatility, dividendYield, null);
        }
    }

    /** No market data: what a run without a business date prices with (nothing). */
    public static final MarketData NONE = new MarketData(null, null, Map.of(), Map.of());

    public MarketData {
        factors = Map.copyOf(factors);
        fxToUsd = Map.copyOf(fxToUsd);
    }

    /**
     * A market data file on its own (a day of a backtest series), checked against
     * {@code mappings/schema/risk-market-data.schema.json} first; errors name the file and key (schema errors, the line).
     */
    public static MarketData read(Path file) {
        return read(file, "risk/" + file.getFileName());
    }

    /**
     * {@link #read(Path)}, each value citing the file as {@code cited} (under the mappings folder, e.g.
     * {@code market-data/2026-11-20.yaml}).
     */
    public static MarketData read(Path file, String cited) {
        try {
            byte[] content = Files.readAllBytes(file);
            List<MappingProblem> problems = MappingFiles.check(content, file.toString(),
                    MappingFiles.Kind.RISK_MARKET_DATA);
            if (!problems.isEmpty()) {
                throw new MarginParameterException(MappingFiles.describe(problems));
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(content);
            if (root == null || !root.isObject()) {
                throw new MarginParameterException(file + ": must be a YAML mapping");
            }
            return from(new ParamNode(root, file.toString(), "", cited));
        } catch (IOException e) {
            throw new MarginParameterException(file + ": cannot read: " + e.getMessage(), e);
        }
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
                n.has("dividendYield") ? n.param("dividendYield") : null,
                n.has("rate") ? n.param("rate") : null)));
        Map<String, Param> fx = new LinkedHashMap<>();
        root.child("fxToUsd").entries().forEach((ccy, n) -> fx.put(ccy, n.asParam()));
        return new MarketData(asOf, root.param("riskFreeRate"), factors, fx);
    }
}
