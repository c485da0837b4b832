package io.concord.margin.stress;

import io.concord.margin.Explain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether margin would have covered a scenario's loss: for an account or a harmonized portfolio, the loss under each
 * scenario against (a) the siloed margin, (b) the harmonized margin and (c) the collateral after haircuts (once the
 * scenario has moved the collateral it moves), the shortfall where the loss exceeds each, and the worst scenario.
 */
public final class Coverage {

    private Coverage() {
    }

    /** The three figures a loss is set against. */
    public enum Regime { SILOED, HARMONIZED, COLLATERAL }

    /**
     * One scenario's outcome.
     *
     * @param scenario             scenario id
     * @param pnl                  profit (+) or loss (−) of the positions (USD)
     * @param loss                 the loss, 0 when the scenario makes money
     * @param shortfallSiloed      loss − siloed margin where positive, else 0
     * @param shortfallHarmonized  loss − harmonized margin where positive, else 0
     * @param collateralAfter      collateral after haircuts once the scenario has moved it
     * @param shortfallCollateral  loss − collateralAfter where positive, else 0
     * @param unshockedFactors     risk factors of revalued positions the scenario does not move
     */
    public record ScenarioCoverage(String scenario, BigDecimal pnl, BigDecimal loss, BigDecimal shortfallSiloed,
                                   BigDecimal shortfallHarmonized, BigDecimal collateralAfter,
                                   BigDecimal shortfallCollateral, List<String> unshockedFactors) {
        public ScenarioCoverage {
            unshockedFactors = List.copyOf(unshockedFactors);
        }

        public BigDecimal shortfall(Regime r) {
            return switch (r) {
                case SILOED -> shortfallSiloed;
                case HARMONIZED -> shortfallHarmonized;
                case COLLATERAL -> shortfallCollateral;
            };
        }
    }

    /**
     * The scenario with the largest loss (the first in library order on a tie; null when no scenario loses) and
     * whether each regime covers it.
     */
    public record Worst(String scenario, BigDecimal loss, boolean siloedCovers, boolean harmonizedCovers,
                        boolean collateralCovers) {
    }

    /**
     * An account's coverage.
     *
     * @param firm                   firm LEI
     * @param account                account id
     * @param segregationClass       segregation class
     * @param portfolio              its harmonized portfolio's customer id, null when the account is not eligible
     * @param siloed                 siloed margin (USD)
     * @param harmonized             harmonized margin: the account's share, its siloed figure when not eligible
     * @param collateralPostHaircut  collateral after haircuts today (USD)
     * @param positions              positions on the business date
     * @param revalued               positions revalued
     * @param notRevalued            the others, with the reason
     * @param scenarios              per scenario, in library order
     * @param worst                  the worst scenario
     */
    public record AccountCoverage(String firm, String account, String segregationClass, String portfolio,
                                  BigDecimal siloed, BigDecimal harmonized, BigDecimal collateralPostHaircut,
                                  int positions, int revalued, List<StressRevaluation.NotRevalued> notRevalued,
                                  List<ScenarioCoverage> scenarios, Worst worst) {
        public AccountCoverage {
            notRevalued = List.copyOf(notRevalued);
            scenarios = List.copyOf(scenarios);
        }
    }

    /**
     * A harmonized portfolio's coverage: its members' P&amp;L summed (the positions net across the accounts, as the
     * harmonized framework nets them), against the portfolio's siloed and harmonized totals and the members'
     * collateral.
     */
    public record PortfolioCoverage(String firm, String customer, List<String> accounts, BigDecimal siloed,
                                    BigDecimal harmonized, BigDecimal collateralPostHaircut,
                                    List<ScenarioCoverage> scenarios, Worst worst) {
        public PortfolioCoverage {
            accounts = List.copyOf(accounts);
            scenarios = List.copyOf(scenarios);
        }
    }

    /** Per scenario the loss against the three figures. */
    static List<ScenarioCoverage> scenarios(List<Scenario> library, double[] pnl, double siloed, double harmonized,
                                            double[] collateralAfter, List<List<String>> unshocked) {
        List<ScenarioCoverage> out = new ArrayList<>(library.size());
        for (int i = 0; i < library.size(); i++) {
            double loss = Math.max(0, -pnl[i]);
            out.add(new ScenarioCoverage(library.get(i).id(), Explain.usd(pnl[i]), Explain.usd(loss),
                    shortfall(loss, siloed), shortfall(loss, harmonized), Explain.usd(collateralAfter[i]),
                    shortfall(loss, collateralAfter[i]), unshocked.get(i)));
        }
        return out;
    }

    static Worst worst(List<ScenarioCoverage> scenarios) {
        ScenarioCoverage w = null;
        for (ScenarioCoverage s : scenarios) {
            if (s.loss().signum() > 0 && (w == null || s.loss().compareTo(w.loss()) > 0)) {
                w = s;
            }
        }
        return w == null ? new Worst(null, BigDecimal.ZERO.setScale(2), true, true, true)
                : new Worst(w.scenario(), w.loss(), w.shortfallSiloed().signum() == 0,
                w.shortfallHarmonized().signum() == 0, w.shortfallCollateral().signum() == 0);
    }

    /** loss − cover, in cents, where positive; 0 otherwise. */
    private static BigDecimal shortfall(double loss, double cover) {
        BigDecimal s = Explain.usd(loss).subtract(Explain.usd(cover));
        return s.signum() > 0 ? s : BigDecimal.ZERO.setScale(2);
    }
}
