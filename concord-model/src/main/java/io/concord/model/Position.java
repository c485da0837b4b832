package io.concord.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * A normalized position in one account. Long and short quantities stay apart as the feed reported them;
 * the net is derived.
 *
 * @param firmLei           LEI of the reporting (clearing) firm
 * @param account           account identifier at the firm
 * @param segregationClass  customer-protection class of the account
 * @param product           normalized product
 * @param longQty           long quantity (contracts or units), never negative
 * @param shortQty          short quantity, never negative
 * @param quantities        every quantity the feed reported by type (FIXML FIN, SOD, EP, DN, XM ...), each as
 *                          {@code [long, short]}, in the order reported; empty for feeds without typed quantities
 * @param price             settlement or market price per unit, null when the feed gives none
 * @param marketValue       market value as reported, null when the feed gives none
 * @param asOf              business date
 * @param location          custody location (stock record), null when not reported
 * @param action            NEW (replaces earlier state for the same key) or CHANGE (updates the quantities it
 *                          carries)
 * @param lineage           where it came from
 */
public record Position(String firmLei, String account, SegregationClass segregationClass, Product product,
                       BigDecimal longQty, BigDecimal shortQty, Map<String, BigDecimal[]> quantities,
                       BigDecimal price, BigDecimal marketValue, LocalDate asOf, String location,
                       ReportAction action, Lineage lineage) {

    public Position {
        // in the order reported (an immutable copy would iterate in an order of its own, which differs between two
        // equal maps built in different orders)
        quantities = quantities == null || quantities.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quantities));
    }

    public BigDecimal netQty() {
        return longQty.subtract(shortQty);
    }

    /** Firm + business date + account + contract (+ location): the key the overwrite rule works on. */
    public String bookKey() {
        return String.join("|", firmLei, asOf.toString(), account, segregationClass.name(),
                product.instrumentKey(), location == null ? "" : location);
    }
}
