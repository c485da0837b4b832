package io.concord.margin;

import io.concord.model.SegregationClass;

/** The unit margin is computed for: a firm's account in one segregation class. */
public record MarginAccount(String firm, String account, SegregationClass segregationClass) {
}
