package io.concord.margin.stress;

import io.concord.margin.MarginAccount;
import io.concord.margin.MarketContext;
import io.concord.margin.Positions;
import io.concord.margin.Revaluation;
import io.concord.margin.engine.RiskParameters;
import io.concord.margin.SiloResult;
import io.concord.margin.event.EventMargin;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.margin.collateral.CollateralValuation;
import io.concord.margin.harmonized.HarmonizedParameters;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.Regime;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;

/**
 * Revalues an account's positions under each scenario with the pricing the silos use: stocks, ETFs and futures
 * linearly, listed options Black-Scholes and options on futures Black-76 ({@link Revaluation}, the price scans of SEC
 * portfolio margin and SPAN), cash Treasuries by DV01 from the modified duration and Treasury futures through their
 * cheapest-to-deliver ({@code harmonized.yaml}, as the joint scan), CDS by CS01 from the risky duration (as the joint
 * scan), event contracts by outcome ({@link EventMargin}: the worst outcome's loss). Posted collateral whose asset is
 * a shared price factor of {@code harmonized.yaml} (bitcoin) moves with it: a line counts the lesser of its value
 * after haircut and its stressed market value (the haircut absorbs a fall up to its size). A position Concord cannot
 * revalue is listed with the reason and counts no P&amp;L, never a guessed one; a factor the scenario does not move
 * is listed as unshocked.
 */
public final class StressRevaluation {

    private static final String INDEX_CDS = "CREDIT/INDEX/CDS";
    private static final String SINGLE_NAME_CDS = "CREDIT/SINGLE_NAME/CDS";

    private final List<Scenario> scenarios;
    private final RiskParameters params;
    private final EventMargin events;

    public StressRevaluation(List<Scenario> scenarios, RiskParameters params) {
        this.scenarios = List.copyOf(scenarios);
        this.params = params;
        this.events = new EventMargin(params.eventPayout());
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** A position left out of the stress, and why. */
    public record NotRevalued(String position, String reason) {
    }

    /**
     * An account's revaluation.
     *
     * @param positions         positions on the business date
     * @param revalued          those revalued
     * @param notRevalued       the others, with the reason
     * @param pnl               profit (+) or loss (−) of the positions per scenario (USD), in library order
     * @param collateralAfter   the collateral after haircuts once the scenario has moved the assets it moves (USD)
     * @param unshocked         per scenario, the risk factors of revalued positions it does not move
     */
    public record Result(int positions, int revalued, List<NotRevalued> notRevalued, double[] pnl,
                         double[] collateralAfter, List<List<String>> unshocked) {
    }

    /** One revalued position: its risk factor, what its move is measured in, and its P&L for a move. */
    private record Priced(String factor, Scenario.Unit unit, boolean option, DoubleBinaryOperator pnl) {
    }

    /** Revalues {@code positions} (the account's, on the market's date) and its collateral under every scenario. */
    public Result revalue(MarginAccount account, List<Position> positions, CollateralSummary collateral,
                          MarketContext market) {
        List<NotRevalued> out = new ArrayList<>();
        List<Priced> priced = new ArrayList<>();
        List<Position> eventPositions = new ArrayList<>();
        for (Position p : positions) {
            if (market == null) {
                out.add(new NotRevalued(Positions.describe(p), "the run has no business date to price it on"));
                continue;
            }
            if (p.product().regime() == Regime.EVENT_CONTRACT) {
                eventPositions.add(p);
                continue;
            }
            try {
                priced.add(price(p, market));
            } catch (NotPriced | MarketContext.Missing e) {
                out.add(new NotRevalued(Positions.describe(p), e.getMessage()));
            }
        }
        double eventLoss = 0;
        int events = 0;
        if (!eventPositions.isEmpty()) {
            SiloResult r = this.events.margin(account, eventPositions, market);
            eventLoss = r.explain().amount().doubleValue();
            r.unmargined().forEach(u -> out.add(new NotRevalued(u.instrument() + " (" + u.file() + " " + u.location()
                    + ")", u.reason())));
            events = eventPositions.size() - r.unmargined().size();
        }
        // posted, counted lines whose asset is a shared price factor's collateral: they move with the factor
        List<String> collFactor = new ArrayList<>();
        List<CollateralValuation> moving = new ArrayList<>();
        for (CollateralValuation c : collateral.lines()) {
            if (c.counted() && "POSTED".equals(c.direction()) && c.marketValue() != null) {
                params.harmonized().factors().values().stream()
                        .filter(f -> f.kind() == HarmonizedParameters.Kind.PRICE && f.collateral().contains(c.assetClass()))
                        .findFirst().ifPresent(f -> {
                            collFactor.add(f.id());
                            moving.add(c);
                        });
            }
        }
        int n = scenarios.size();
        double[] pnl = new double[n];
        double[] collateralAfter = new double[n];
        List<List<String>> unshocked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Scenario s = scenarios.get(i);
            TreeSet<String> still = new TreeSet<>();
            for (Priced pr : priced) {
                var move = s.shock(pr.factor(), pr.unit());
                var vol = pr.option() ? s.shock(pr.factor(), Scenario.Unit.VOL) : java.util.Optional.<Scenario.Shock>empty();
                if (move.isEmpty() && vol.isEmpty()) {
                    still.add(pr.factor());
                    continue;
                }
                pnl[i] += pr.pnl().applyAsDouble(move.map(Scenario.Shock::move).orElse(0.0),
                        vol.map(Scenario.Shock::move).orElse(0.0));
            }
            if (events > 0) {
                if (s.eventContracts() == Scenario.EventContracts.WORST_OUTCOME) {
                    pnl[i] -= eventLoss;
                } else {
                    eventPositions.forEach(p -> still.add(p.product().riskFactor()));
                }
            }
            collateralAfter[i] = collateral.postHaircut().doubleValue();
            for (int j = 0; j < moving.size(); j++) {
                var move = s.shock(collFactor.get(j), Scenario.Unit.RELATIVE);
                if (move.isPresent()) {
                    double ph = moving.get(j).postHaircut().doubleValue();
                    collateralAfter[i] += Math.min(ph, moving.get(j).marketValue().doubleValue()
                            * (1 + move.get().move())) - ph;
                }
            }
            unshocked.add(List.copyOf(still));
        }
        return new Result(positions.size(), priced.size() + events, out, pnl, collateralAfter, unshocked);
    }

    /** Why a position cannot be revalued. */
    private static final class NotPriced extends Exception {
        NotPriced(String message) {
            super(message, null, false, false);
        }
    }

    private Priced price(Position p, MarketContext market) throws NotPriced {
        Product pr = p.product();
        String factor = pr.riskFactor();
        Regime regime = pr.regime();
        HarmonizedParameters h = params.harmonized();
        if (pr.taxonomy().equals(SINGLE_NAME_CDS) || pr.taxonomy().equals(INDEX_CDS)) {
            // CS01 as the joint scan: notional × risky duration × 1 bp; protection bought (long) gains as spreads widen
            double fx = market.fxToUsd(pr.terms().getOrDefault("notionalCurrency", pr.currency())).value();
            double cs01 = p.netQty().doubleValue() * fx * market.cdsRiskyDuration().value() * 1e-4;
            return new Priced(factor, Scenario.Unit.BP, false, (bp, v) -> cs01 * bp);
        }
        if (factor != null && factor.startsWith("IR:UST:") && (regime == Regime.SECURITY || regime == Regime.FUTURE)) {
            double fx = market.fxToUsd(pr.currency()).value();
            double dv01;
            if (regime == Regime.SECURITY) {
                dv01 = Positions.marketValue(p) * fx * market.modifiedDuration(factor).value() * 1e-4;
            } else {
                HarmonizedParameters.TreasuryFuture tf = h.treasuryFutures().get(pr.marginKey());
                if (tf == null) {
                    throw new NotPriced("harmonized.yaml names no face value for " + pr.marginKey());
                }
                dv01 = p.netQty().doubleValue() * market.cheapestToDeliver(pr.marginKey()).dv01(tf.faceValue()) * fx;
            }
            double d = dv01;
            return new Priced(factor, Scenario.Unit.BP, false, (bp, v) -> -d * bp);
        }
        if (factor != null && (factor.startsWith("IR:") || factor.startsWith("CR:"))) {
            throw new NotPriced("no duration or spread sensitivity for " + factor + " in the parameters: a " + regime
                    + " on it is not revalued under a scenario");
        }
        if (regime == Regime.SECURITY || regime == Regime.FUTURE || regime == Regime.LISTED_OPTION
                || regime == Regime.OPTION_ON_FUTURE) {
            Revaluation r = new Revaluation(p, market);
            double fx = market.fxToUsd(pr.currency()).value();
            return new Priced(factor, Scenario.Unit.RELATIVE, r.option, (m, v) -> fx * r.pnl(m, v));
        }
        throw new NotPriced("a " + regime + " is margined from its notional or sensitivities (CRIF, schedule): "
                + "Concord has no revaluation of it under a scenario");
    }
}
