package io.concord.margin;

import io.concord.model.SegregationClass;

/** The unit margin is computed for: a firm's account in one segregation class. */
public record MarginAccount(String firm, String account, SegregationClass segregationClass) {

    /**
     * The order accounts are margined and listed in: firm LEI, account, segregation class, nulls first (the order
     * of {@link io.concord.book.AccountBook#ACCOUNT_ORDER} on an account's positions).
     */
    public static final java.util.Comparator<MarginAccount> ORDER = java.util.Comparator
            .comparing(MarginAccount::firm, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparing(MarginAccount::account, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparing(MarginAccount::segregationClass,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));

    /** The account a position is held in. */
    public static MarginAccount of(io.concord.model.Position p) {
        return new MarginAccount(p.firmLei(), p.account(), p.segregationClass());
    }
}
