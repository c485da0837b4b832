package io.concord.margin;

import io.concord.model.SegregationClass;

import java.util.Comparator;

/** The unit margin is computed for: a firm's account in one segregation class. */
public record MarginAccount(String firm, String account, SegregationClass segregationClass) {

    /**
     * Account order: firm LEI, account, segregation class, nulls first (as margin.json lists them; the order of
     * {@link io.concord.book.AccountBook#ACCOUNT_ORDER}).
     */
    public static final Comparator<MarginAccount> ORDER = Comparator
            .comparing(MarginAccount::firm, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MarginAccount::account, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MarginAccount::segregationClass, Comparator.nullsFirst(Comparator.naturalOrder()));
}
