package io.concord.margin.engine;

import io.concord.book.AccountBook;
import io.concord.margin.MarketContext;
import io.concord.model.CollateralLine;
import io.concord.model.Position;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a margin run reads from the whole book before it margins any account: the business dates with how many
 * positions and collateral lines each holds, and per date each firm's first booked position of each underlying in
 * account order (the prices its own options are priced with, {@link MarketContext#underlyingPrice}). The run
 * margins the latest date.
 *
 * <p>Accumulated from a book's positions in account order and its collateral lines. Firms come first in account
 * order, so the passes of each firm's part of a book, {@link #merge merged} in firm LEI order, are the pass of the
 * whole book: a run given that pass margins some firms' accounts exactly as the run over the whole book margins
 * them. Not thread-safe.
 */
public final class MarketPass {

    private final TreeMap<LocalDate, int[]> dates = new TreeMap<>();
    private final Map<LocalDate, Map<String, Position>> underlyings = new HashMap<>();

    /** Counts one booked position; positions come in account order. */
    public void add(Position p) {
        dates.computeIfAbsent(p.asOf(), d -> new int[2])[0]++;
        String key = MarketContext.bookedKey(p); // each firm's first report of each underlying
        if (key != null) {
            underlyings.computeIfAbsent(p.asOf(), d -> new HashMap<>()).putIfAbsent(key, p);
        }
    }

    /** Counts one collateral line. */
    public void add(CollateralLine c) {
        dates.computeIfAbsent(c.asOf(), d -> new int[2])[1]++;
    }

    /** The pass over {@code book} (read once) and {@code collateral}. */
    public static MarketPass of(AccountBook book, Collection<CollateralLine> collateral) {
        MarketPass pass = new MarketPass();
        book.forEachAccount(ps -> ps.forEach(pass::add));
        collateral.forEach(pass::add);
        return pass;
    }

    /** The pass of the books whose passes are {@code inOrder}, in account order (firms in LEI order). */
    public static MarketPass merge(Collection<MarketPass> inOrder) {
        MarketPass all = new MarketPass();
        for (MarketPass p : inOrder) {
            p.dates.forEach((d, n) -> {
                int[] sum = all.dates.computeIfAbsent(d, k -> new int[2]);
                sum[0] += n[0];
                sum[1] += n[1];
            });
            p.underlyings.forEach((d, byKey) -> {
                Map<String, Position> into = all.underlyings.computeIfAbsent(d, k -> new HashMap<>());
                byKey.forEach(into::putIfAbsent);
            });
        }
        return all;
    }

    /** The positions counted, on every date. */
    public long positions() {
        long n = 0;
        for (int[] counts : dates.values()) {
            n += counts[0];
        }
        return n;
    }

    /** The business date margined: the latest with a position or a collateral line; null when there is none. */
    public LocalDate asOf() {
        return dates.isEmpty() ? null : dates.lastKey();
    }

    /** The dates before {@link #asOf()} with their counts, earliest first (margin.json's {@code earlierDates}). */
    public List<MarginReport.EarlierDate> earlierDates() {
        List<MarginReport.EarlierDate> earlier = new ArrayList<>();
        LocalDate asOf = asOf();
        dates.headMap(asOf == null ? LocalDate.MAX : asOf).forEach((d, n) ->
                earlier.add(new MarginReport.EarlierDate(d, n[0], n[1])));
        return earlier;
    }

    /** Each firm's first booked position of each underlying on {@code date}, by {@link MarketContext#bookedKey}. */
    public Map<String, Position> underlyingsOn(LocalDate date) {
        return underlyings.getOrDefault(date, Map.of());
    }
}
