package io.concord.book;

import io.concord.model.Position;
import io.concord.model.ReportAction;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest state of each position key (firm + business date + account + class + contract + location), built
 * by applying reports in arrival order:
 * <ul>
 * <li>{@code NEW} (FIXML Actn=1) replaces the earlier state; a quantity type the report omits becomes zero;</li>
 * <li>{@code CHANGE} (Actn=2) overlays only the quantity types it carries on the earlier state; with no earlier
 *     state it stands as reported.</li>
 * </ul>
 */
public final class PositionBook {

    private final Map<String, Position> byKey = new LinkedHashMap<>();
    /** Keys whose state no NEW report has set: CHANGEs only, which overlay whatever state came before this book. */
    private final java.util.Set<String> changesOnly = new java.util.HashSet<>();
    private long replaced;

    public void apply(Position p) {
        String key = p.bookKey();
        Position earlier = byKey.get(key);
        if (earlier != null) {
            replaced++;
        }
        boolean replaces = p.action() == ReportAction.NEW;
        byKey.put(key, earlier == null || replaces ? p : overlay(earlier, p));
        if (replaces) {
            changesOnly.remove(key);
        } else if (earlier == null) {
            changesOnly.add(key);
        }
    }

    /**
     * Whether the state under {@code key} was set by a NEW report in this book (true), or only CHANGEs overlaid it
     * (false): applied after an earlier book's state for the key, the first replaces it, the second overlays it
     * ({@link #apply(Position, Position, boolean)}).
     */
    public boolean replaces(String key) {
        return !changesOnly.contains(key);
    }

    /**
     * The state after {@code later} (a key's state in a later book, {@code replaces} as {@link #replaces} said) is
     * applied over {@code earlier} (the same key's state before it, null for none): the overwrite rule of
     * {@link #apply(Position)} over whole books, since applying CHANGEs one by one or their overlay at once is the
     * same.
     */
    public static Position apply(Position earlier, Position later, boolean replaces) {
        return earlier == null || replaces ? later : overlay(earlier, later);
    }

    private static Position overlay(Position earlier, Position change) {
        Map<String, BigDecimal[]> q = new LinkedHashMap<>(earlier.quantities());
        q.putAll(change.quantities());
        BigDecimal[] fin = change.quantities().get("FIN");
        BigDecimal longQty = fin == null ? earlier.longQty() : fin[0];
        BigDecimal shortQty = fin == null ? earlier.shortQty() : fin[1];
        return new Position(change.firmLei(), change.account(), change.segregationClass(), change.product(), longQty,
                shortQty, q, change.price() != null ? change.price() : earlier.price(),
                change.marketValue() != null ? change.marketValue() : earlier.marketValue(), change.asOf(),
                change.location(), change.action(), change.lineage());
    }

    /** Each key's state, in the order the keys first arrived. */
    public Map<String, Position> byKey() {
        return Collections.unmodifiableMap(byKey);
    }

    public Collection<Position> positions() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    public int size() {
        return byKey.size();
    }

    /** How many reports replaced or changed an earlier one. */
    public long replaced() {
        return replaced;
    }
}
