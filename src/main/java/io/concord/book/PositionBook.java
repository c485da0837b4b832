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
    private long replaced;

    public void apply(Position p) {
        String key = p.bookKey();
        Position earlier = byKey.get(key);
        if (earlier != null) {
            replaced++;
        }
        byKey.put(key, earlier == null || p.action() == ReportAction.NEW ? p : overlay(earlier, p));
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
