package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.harmonized.Harmonized;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The totals by firm and market-wide that {@code regulator/margin-by-firm.json} ({@link RegulatorViews}) and
 * {@code margin/summary.json} ({@link MarginSummary}) carry, added up account by account as they are margined, so a
 * run keeps a few figures per firm instead of every account's totals (which grew the margin pass's live heap with
 * the accounts: jmap, 2,000,000 positions in 20,000 accounts). Accounts are added in the run's order; the sums in floating point are taken in that
 * order, so the figures are those of a pass over the whole list. Not thread-safe: one ordered caller.
 */
public final class MarginTotals {

    /** One firm's (or the market's) running figures. */
    static final class Level {
        int accounts;
        /** Exact sums ({@code margin-by-firm.json}). */
        final Map<String, BigDecimal> siloed = new TreeMap<>();
        BigDecimal siloedTotal = BigDecimal.ZERO;
        BigDecimal collateralMarketValue = BigDecimal.ZERO;
        BigDecimal collateralPostHaircut = BigDecimal.ZERO;
        BigDecimal harmonizedTotal = BigDecimal.ZERO;
        /** Sums in floating point, as {@code summary.json} states them. */
        double siloedUsd;
        double harmonizedUsd;
        double collateralUsd;
        int portfolios;
        int portfoliosWithSaving;
        int portfoliosCapped;
        final Map<String, Double> freedByRiskFactor = new TreeMap<>();
        final Map<String, Double> freedBySiloPair = new TreeMap<>();

        private void add(AccountMargin a) {
            accounts++;
            BigDecimal harmonized = a.harmonized() == null ? a.siloedTotal() : a.harmonized().total();
            harmonizedTotal = harmonizedTotal.add(harmonized);
            a.silos().forEach(s -> siloed.merge(s.silo(), s.requirement(), BigDecimal::add));
            siloedTotal = siloedTotal.add(a.siloedTotal());
            collateralMarketValue = collateralMarketValue.add(a.collateral().marketValue());
            collateralPostHaircut = collateralPostHaircut.add(a.collateral().postHaircut());
            siloedUsd += a.siloedTotal().doubleValue();
            harmonizedUsd += harmonized.doubleValue();
            collateralUsd += a.collateral().postHaircut().doubleValue();
        }

        /**
         * A harmonized portfolio seen for the first time (its first eligible account's figures stand for it): its
         * saving split over the offsets that produced it, scaled down where the cap cut it.
         */
        private void addPortfolio(Harmonized h) {
            portfolios++;
            double saving = h.portfolio().saving().doubleValue();
            double uncapped = h.portfolio().uncappedSaving().doubleValue();
            if (saving <= 0 || uncapped <= 0) {
                return;
            }
            portfoliosWithSaving++;
            portfoliosCapped += h.savingCapped() ? 1 : 0;
            double scale = saving / uncapped;
            for (Harmonized.Offset o : h.offsets()) {
                String factor = o.type().equals("ALIGNMENT") ? "ALIGNMENT" : String.join(" v ", o.riskFactors());
                freedByRiskFactor.merge(factor, o.amount().doubleValue() * scale, Double::sum);
                freedBySiloPair.merge(String.join("+", o.silos()), o.amount().doubleValue() * scale, Double::sum);
            }
        }
    }

    /** Firms in LEI order (an account without a firm first), as {@code MarginReport.accountsByFirm} orders them. */
    private final Map<String, Level> firms = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    private final Level market = new Level();
    /** The harmonized portfolios counted so far ({@code firm|customer}). */
    private final Set<String> portfolios = new HashSet<>();

    /** Adds the next account of the run. */
    public void add(AccountMargin a) {
        Level firm = firms.computeIfAbsent(a.firm(), f -> new Level());
        firm.add(a);
        market.add(a);
        Harmonized h = a.harmonized();
        if (h != null && h.eligible() && portfolios.add(a.firm() + "|" + h.portfolio().customer())) {
            firm.addPortfolio(h);
            market.addPortfolio(h);
        }
    }

    /** Each firm's figures, firms in LEI order. */
    Map<String, Level> firms() {
        return firms;
    }

    /** The market's figures: every account. */
    Level market() {
        return market;
    }
}
