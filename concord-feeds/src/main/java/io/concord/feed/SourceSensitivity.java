package io.concord.feed;

import io.concord.model.Sensitivity;

/** A CRIF sensitivity read from a feed; sensitivities are not product-mapped, they pass through as read. */
public record SourceSensitivity(Sensitivity sensitivity) implements FeedItem {
}
