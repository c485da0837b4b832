package io.concord.report;

import io.concord.margin.Explain;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.stress.StressRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code margin/summary.json}: siloed against harmonized margin per firm and market-wide, and the collateral the
 * harmonized framework would free (the saving), by risk factor and by silo pair. A portfolio's freed amount is split
 * over the offsets that produced its saving in proportion to their amounts (scaled down where the cap cut it).
 *
 * @param asOf               business date margined
 * @param mappingsVersion    mapping set version
 * @param parametersVersion  risk parameters version
 * @param whatIf             the what-if, null for the configured eligibility
 * @param firms              one level per firm
 * @param market             all firms
 */
public record MarginSummary(LocalDate asOf, String mappingsVersion, String parametersVersion, String whatIf,
                            List<Level> firms, Level market) {

    public static final String FILE = "summary.json";

    /**
     * One firm's (or the market's, {@code firm} null) figures.
     *
     * @param accounts            margin.json entries (firm, account, segregation class)
     * @param portfolios          customer portfolios with at least one eligible account
     * @param portfoliosWithSaving  portfolios whose harmonized requirement is below their siloed one
     * @param portfoliosCapped    portfolios whose saving the cap cut
     * @param siloed              siloed total (USD)
     * @param harmonized          harmonized total (USD)
     * @param freed               siloed − harmonized: collateral the harmonized framework would free (USD)
     * @param collateralPostHaircut  collateral after haircuts (USD), to set the freed amount against
     * @param freedByRiskFactor   freed amount by risk factor (a cross-factor credit under {@code A v B}, the
     *                            alignment of methods and ranges under {@code ALIGNMENT})
     * @param freedBySiloPair     freed amount by the silos whose positions offset ({@code CFTC_SPAN+SEC_PM})
     * @param stress              the stress coverage (see {@code margin/stress.json}): per scenario and regime the
     *                            accounts and portfolios covered and under-margined and the shortfall, and the worst
     *                            scenario; absent when the run had no stress scenarios
     */
    public record Level(String firm, int accounts, int portfolios, int portfoliosWithSaving, int portfoliosCapped,
                        BigDecimal siloed, BigDecimal harmonized, BigDecimal freed, BigDecimal collateralPostHaircut,
                        Map<String, BigDecimal> freedByRiskFactor, Map<String, BigDecimal> freedBySiloPair,
                        StressRun.Level stress) {
    }

    /** The summary of {@code run} from its accounts' {@code totals}, with the stress coverage of {@code stress}. */
    public static MarginSummary of(MarginRun run, MarginTotals totals, StressRun stress) {
        List<Level> firms = totals.firms().entrySet().stream().map(e -> level(e.getKey(), e.getValue(),
                stress == null ? null : stress.firm(e.getKey()))).toList();
        return new MarginSummary(run.asOf(), run.mappingsVersion(), run.parametersVersion(), run.whatIf(), firms,
                level(null, totals.market(), stress == null ? null : stress.market()));
    }

    /** Writes this summary as {@link #FILE} under {@code dir}. */
    public Path write(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static Level level(String firm, MarginTotals.Level t, StressRun.Level stress) {
        return new Level(firm, t.accounts, t.portfolios, t.portfoliosWithSaving, t.portfoliosCapped,
                Explain.usd(t.siloedUsd), Explain.usd(t.harmonizedUsd), Explain.usd(t.siloedUsd - t.harmonizedUsd),
                Explain.usd(t.collateralUsd), usd(t.freedByRiskFactor), usd(t.freedBySiloPair), stress);
    }

    private static Map<String, BigDecimal> usd(Map<String, Double> m) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Explain.usd(v)));
        return out;
    }
}
