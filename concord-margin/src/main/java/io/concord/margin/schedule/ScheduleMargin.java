package io.concord.margin.schedule;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.Positions;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
import io.concord.margin.schedule.ScheduleParameters.Row;
import io.concord.model.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * Uncleared swaps and security-based swaps under the BCBS-IOSCO standardized schedule (Margin requirements for
 * non-centrally cleared derivatives, 2015/2020, Appendix A): gross initial margin = Σ notional × schedule rate
 * by asset class and residual maturity; net = 0.4 × gross + 0.6 × NGR × gross, NGR = net / gross replacement
 * cost of the netting set (the account). Used until ISDA SIMM margins the account from CRIF sensitivities.
 */
public final class ScheduleMargin implements MarginSilo {

    public static final String ID = "SCHEDULE";

    private final ScheduleParameters params;

    public ScheduleMargin(ScheduleParameters params) {
        this.params = params;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        List<Unmargined> unmargined = new ArrayList<>();
        List<Explain> trades = new ArrayList<>();
        double gross = 0;
        double net = 0;
        double positive = 0;
        for (Position p : positions) {
            try {
                var terms = p.product().terms();
                String notionalText = terms.get("notional");
                String ccy = terms.get("notionalCurrency");
                if (notionalText == null || ccy == null) {
                    throw new MarketContext.Missing("terms.notional and terms.notionalCurrency are required");
                }
                double notional;
                try {
                    notional = Math.abs(Double.parseDouble(notionalText));
                } catch (NumberFormatException e) {
                    throw new MarketContext.Missing("terms.notional is not a number: " + notionalText);
                }
                if (p.marketValue() == null) {
                    throw new MarketContext.Missing("no mark-to-market value (market value) for the net-to-gross ratio");
                }
                String cls = p.product().taxonomy().substring(0, p.product().taxonomy().indexOf('/'));
                double years = p.product().expiry() == null ? Double.NaN : market.years(p.product().expiry());
                Row row = params.row(cls, market.asOf(), p.product().expiry());
                if (row == null) {
                    throw new MarketContext.Missing(Double.isNaN(years) && params.rows().stream()
                            .anyMatch(r -> r.assetClass().equals(cls)) ? "no maturity date to find the schedule band"
                            : "schedule.yaml has no rate for asset class " + cls);
                }
                MarketContext.Quote fx = market.fxToUsd(ccy);
                // the mark's own currency where the feed states it (N-PORT values in USD whatever the holding's)
                MarketContext.Quote mtmFx = market.fxToUsd(terms.getOrDefault("markToMarketCurrency",
                        p.product().currency()));
                double usd = notional * fx.value();
                double im = usd * row.rate().value();
                double mtm = p.marketValue().doubleValue() * mtmFx.value();
                gross += im;
                net += mtm;
                positive += Math.max(0, mtm);
                trades.add(Explain.leaf(Positions.describe(p) + (terms.get("uti") == null ? "" : " UTI "
                        + terms.get("uti")), im, "notional " + Positions.fmt(notional) + " " + ccy + " (" + fx.basis()
                        + ") × " + row.rate().cite() + " for " + cls + (row.banded() ? String.format(", %.2f years "
                        + "to maturity", years) : "") + "; mark-to-market " + Explain.fixed(mtm, 2) + " USD"));
            } catch (MarketContext.Missing e) {
                unmargined.add(Unmargined.of(ID, p, e.getMessage()));
            }
        }
        double ngr = positive == 0 ? 1 : Math.max(0, net) / positive;
        double req = params.grossWeight().value() * gross + params.ngrWeight().value() * ngr * gross;
        Explain grossNode = Explain.of("gross initial margin", gross, "Σ notional × schedule rate", trades);
        Explain ngrNode = Explain.note("net-to-gross ratio " + Explain.fixed(ngr, 6), positive == 0
                ? "no trade has a positive mark-to-market: NGR taken as 1 (no netting benefit)"
                : "max(0, net replacement cost " + Explain.fixed(net, 2) + ") / gross replacement cost "
                + Explain.fixed(positive, 2));
        return new SiloResult(ID, Explain.of(ID + " requirement", req, params.grossWeight().cite() + " × gross + "
                + params.ngrWeight().cite() + " × NGR × gross (BCBS-IOSCO standardized schedule)",
                List.of(grossNode, ngrNode)), unmargined);
    }
}
