package io.concord.feed;

import io.concord.model.CollateralLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collateral line as a feed reported it, before mapping: {@code line.assetClass()} is still null and
 * {@code attributes} (keys in {@link Attr}) are what collateral asset definitions match on.
 */
public record SourceCollateral(CollateralLine line, Map<String, String> attributes) implements FeedItem {

    public SourceCollateral {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
