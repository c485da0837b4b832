package io.concord.margin.sec;

import io.concord.margin.MaturityLadder;
import io.concord.margin.Param;
import io.concord.margin.ParamNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regulation T / FINRA Rule 4210 strategy-based parameters ({@code mappings/risk/reg-t.yaml}).
 *
 * @param stockFamilies          taxonomy families (ASSET_CLASS/FAMILY) whose cash positions follow the stock rules
 * @param longStockInitial       Reg T initial margin on long stock (fraction of market value)
 * @param longStockMaintenance   4210(c) maintenance on long stock
 * @param shortStockInitial      Reg T initial margin on a short sale (fraction of market value, proceeds included)
 * @param shortStockMaintenance  4210(c) maintenance on short stock at or above the low-price threshold
 * @param shortStockPerShare     4210(c) minimum per share on short stock at or above the threshold
 * @param lowPriceThreshold      price below which the low-price short rules apply
 * @param lowPriceMaintenance    maintenance on short stock below the threshold
 * @param lowPricePerShare       minimum per share on short stock below the threshold
 * @param minimumEquity          4210(b) minimum equity to effect new transactions (dollars)
 * @param longOption             fraction of a long option's market value required (paid in full)
 * @param longTermMonths         a long option expiring more than this many months after the business date, and
 *                               taken by no strategy, is margined at {@code longTermMaintenance}
 * @param longTermMaintenance    fraction of a long-term long option's market value required
 * @param underlyingPct          short option: fraction of the underlying value by the option's taxonomy family
 * @param minimumPct             short option minimum: fraction of underlying value (calls) or of strike (puts)
 * @param hedgePct               options hedged by stock (protective put or call, collar, conversion, reversal):
 *                               fraction of the exercise price
 * @param governmentLadder       US government securities by residual maturity (4210(e)(2)(A) bands)
 * @param governmentSecurities   US government securities without a maturity date: fraction by taxonomy code
 */
public record StrategyParameters(List<String> stockFamilies, Param longStockInitial, Param longStockMaintenance,
                                 Param shortStockInitial, Param shortStockMaintenance, Param shortStockPerShare,
                                 Param lowPriceThreshold, Param lowPriceMaintenance, Param lowPricePerShare,
                                 Param minimumEquity, Param longOption, Param longTermMonths,
                                 Param longTermMaintenance, Map<String, Param> underlyingPct,
                                 Param minimumPct, Param hedgePct, MaturityLadder governmentLadder,
                                 Map<String, Param> governmentSecurities) {

    public static StrategyParameters from(ParamNode root) {
        ParamNode longStock = root.child("longStock");
        ParamNode shortStock = root.child("shortStock");
        ParamNode shortOption = root.child("shortOption");
        Map<String, Param> pct = new LinkedHashMap<>();
        shortOption.child("underlyingPct").entries().forEach((family, n) -> pct.put(family, n.asParam()));
        Map<String, Param> govt = new LinkedHashMap<>();
        root.child("governmentSecurities").entries().forEach((code, n) -> govt.put(code, n.asParam()));
        List<MaturityLadder.Band> bands = new ArrayList<>();
        root.child("governmentLadder").items().forEach(b -> bands.add(new MaturityLadder.Band(
                b.has("toYears") ? b.number("toYears") : null, b.param("rate"))));
        MaturityLadder ladder;
        try {
            ladder = new MaturityLadder(bands);
        } catch (IllegalArgumentException e) {
            throw root.child("governmentLadder").error(e.getMessage());
        }
        Param longTermMonths = root.child("longOption").param("longTermMonths");
        if (longTermMonths.value() < 0 || longTermMonths.value() != Math.rint(longTermMonths.value())) {
            throw root.child("longOption").child("longTermMonths").error("must be a whole number of months, got "
                    + longTermMonths.value());
        }
        return new StrategyParameters(root.texts("stockFamilies"), longStock.param("initial"),
                longStock.param("maintenance"), shortStock.param("initial"), shortStock.param("maintenance"),
                shortStock.param("minimumPerShare"), shortStock.param("lowPriceThreshold"),
                shortStock.param("lowPriceMaintenance"), shortStock.param("lowPriceMinimumPerShare"),
                root.param("minimumEquity"), root.child("longOption").param("maintenance"),
                longTermMonths, root.child("longOption").param("longTermMaintenance"), pct,
                shortOption.param("minimumPct"), root.child("strategies").param("hedgePct"), ladder, govt);
    }
}
