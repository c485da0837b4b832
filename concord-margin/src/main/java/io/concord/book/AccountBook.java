package io.concord.book;

import io.concord.model.Position;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A final book read one account at a time: accounts in {@link #ACCOUNT_ORDER} (firm LEI, account, segregation
 * class), each account's positions (every business date) in book key order. It can be read more than once. An
 * in-memory book ({@link #of}) sorts the positions it is given; {@link SpillingBook} reads its sorted runs back
 * from disk, so a book larger than the heap is never held whole.
 */
public interface AccountBook {

    /** The order accounts are read and margined in (nulls first, as margin.json lists them). */
    Comparator<Position> ACCOUNT_ORDER = Comparator
            .comparing(Position::firmLei, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Position::account, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Position::segregationClass, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Gives each account's positions, one non-empty list per account, in account order. */
    void forEachAccount(Consumer<List<Position>> account);

    /** An in-memory book of {@code positions} (already one per book key). */
    static AccountBook of(Collection<Position> positions) {
        List<Map.Entry<String, Position>> keyed = new ArrayList<>(positions.size());
        positions.forEach(p -> keyed.add(Map.entry(p.bookKey(), p)));
        keyed.sort(Map.Entry.<String, Position>comparingByValue(ACCOUNT_ORDER).thenComparing(Map.Entry.comparingByKey()));
        List<Position> sorted = keyed.stream().map(Map.Entry::getValue).toList();
        return account -> groups(sorted, account);
    }

    /** Splits positions already in account order into one list per account. */
    static void groups(List<Position> sorted, Consumer<List<Position>> account) {
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || ACCOUNT_ORDER.compare(sorted.get(start), sorted.get(i)) != 0) {
                account.accept(sorted.subList(start, i));
                start = i;
            }
        }
    }
}
