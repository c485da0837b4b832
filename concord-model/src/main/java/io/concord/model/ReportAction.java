package io.concord.model;

/** How a position report relates to earlier reports for the same key. */
public enum ReportAction {
    /** Replaces the earlier state; any quantity the report omits becomes zero (FIXML Actn=1). */
    NEW,
    /** Updates only the quantities the report carries (FIXML Actn=2). */
    CHANGE
}
