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
 * backtest series): underlying prices, volatilities, dividend yields and durations by risk factor, the risk-free
 * rate, FX rates to USD, and the day's analytics the rate and credit revaluations use (each Treasury future's
 * cheapest-to-deliver, the CDS risky duration). Each value carries its source. What changes with a rulebook stays
 * in {@code mappings/risk/}; what changes from one day to the next is here.
 *
 * @param asOf              the business date the data is for
 * @param riskFreeRate      continuously compounded USD rate
 * @param factors           by risk factor, e.g. {@code EQ:SPX}
 * @param fxToUsd           USD per one unit of the currency
 * @param treasuryFutures   SPAN combined commodity (e.g. {@code CBT:ZN}) → the day's cheapest-to-deliver
 * @param cdsRiskyDuration  the risky duration (RPV01) of a 5-year CDS; null when not given
 */
public record MarketData(LocalDate asOf, Param riskFreeRate, Map<String, Factor> factors, Map<String, Param> fxToUsd,
                         Map<String, CheapestToDeliver> treasuryFutures, Param cdsRiskyDuration) {

    /**
     * What the data says about one risk factor; any part may be null when not given.
     *
     * @param rate              for a yield or credit-spread factor ({@code IR:*}, {@code CR:*}): its level as a
     *                          decimal fraction (0.0425 = 4.25 %, 0.0055 = 55 bp)
     * @param modifiedDuration  for a yield factor: the modified duration (years) of the benchmark it stands for
     */
    public record Factor(Param price, Param volatility, Param dividendYield, Param rate, Param modifiedDuration) {
        public Factor(Param price, Param volatility, Param dividendYield) {
            this(price, volatility, dividendYield, null, null);
        }
    }

    /**
     * A deliverable Treasury future's cheapest-to-deliver issue on the day: its clean price (per 100 face), its
     * modified duration (years) and its conversion factor for the contract month.
     */
    public record CheapestToDeliver(Param price, Param modifiedDuration, Param conversionFactor) {

        /** USD value change per contract for a one basis point fall in yield, for a contract of {@code face}. */
        public double dv01(Param face) {
            return price.value() / 100 * face.value() * modifiedDuration.value() * 1e-4 / conversionFactor.value();
        }
    }

    /** No market data: what a run without a business date prices with (nothing). */
    public static final MarketData NONE = new MarketData(null, null, Map.of(), Map.of());

    /** Market data without Treasury futures' cheapest-to-deliver or CDS risky duration. */
    public MarketData(LocalDate asOf, Param riskFreeRate, Map<String, Factor> factors, Map<String, Param> fxToUsd) {
        this(asOf, riskFreeRate, factors, fxToUsd, Map.of(), null);
    }

    public MarketData {
        factors = Map.copyOf(factors);
        fxToUsd = Map.copyOf(fxToUsd);
        treasuryFutures = Map.copyOf(treasuryFutures);
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
                n.has("rate") ? n.param("rate") : null,
                n.has("modifiedDuration") ? n.param("modifiedDuration") : null)));
        Map<String, Param> fx = new LinkedHashMap<>();
        root.child("fxToUsd").entries().forEach((ccy, n) -> fx.put(ccy, n.asParam()));
        Map<String, CheapestToDeliver> ctd = new LinkedHashMap<>();
        if (root.has("treasuryFutures")) {
            root.child("treasuryFutures").entries().forEach((k, n) -> ctd.put(k, new CheapestToDeliver(
                    n.param("ctdPrice"), n.param("ctdModifiedDuration"), n.param("conversionFactor"))));
        }
        Param risky = root.has("credit") ? root.child("credit").param("riskyDuration") : null;
        return new MarketData(asOf, root.param("riskFreeRate"), factors, fx, ctd, risky);
    }
}
