package io.concord.feed;

import io.concord.model.Lineage;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A position as a feed reported it, validated but not yet mapped to a product. {@code attributes} holds the
 * product attributes mapping definitions match on (keys in {@link Attr}), in canonical form.
 */
public record SourcePosition(String firmLei, String account, SegregationClass segregationClass,
                             Map<String, String> attributes, BigDecimal longQty, BigDecimal shortQty,
                             Map<String, BigDecimal[]> quantities, BigDecimal price, BigDecimal marketValue,
                             LocalDate asOf, String location, ReportAction action, Lineage lineage)
        implements FeedItem {

    public SourcePosition {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        // in the order reported (Map.copyOf would iterate in an order that changes from one JVM to the next)
        quantities = quantities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(quantities));
    }
}
