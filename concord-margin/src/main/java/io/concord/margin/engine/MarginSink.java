package io.concord.margin.engine;

import io.concord.margin.MarginAccount;
import io.concord.margin.MarketContext;
import io.concord.model.Position;

import java.util.List;

/**
 * Takes a margin run one account at a time, in account order (firm LEI, account, segregation class; see
 * {@link io.concord.book.AccountBook#ACCOUNT_ORDER}), so each output is written while the accounts are margined and
 * no more than a few accounts' explain trees are held at once. The accounts of one firm arrive together.
 *
 * <p>Calls: {@link #begin} once, {@link #account} (or what {@link #prepare} returned) per account, {@link #end}
 * once, all on one thread; {@link #prepare} on the margin threads.
 */
public interface MarginSink {

    /** Before the first account: the business date margined, the versions, the what-if, the earlier dates. */
    void begin(MarginRun run);

    /**
     * Before {@link #begin}, when the run has a business date: the market data and booked prices the silos price
     * with, for a sink that revalues positions itself (the stress run). By default ignored.
     */
    default void market(MarketContext market) {
    }

    /**
     * One account.
     *
     * @param account    firm, account and segregation class
     * @param margin     its margin on the run's date, as in margin.json; null when the account holds only positions
     *                   of earlier dates (it is not margined and not in margin.json)
     * @param positions  its booked positions of every business date, in book key order (empty for an account with
     *                   only collateral or CRIF sensitivities)
     */
    void account(MarginAccount account, AccountMargin margin, List<Position> positions);

    /**
     * Called for each account on a margin thread, accounts in any order and several at once, as soon as its margin
     * is computed: a sink may do its per-account work that needs no order here (formatting, serializing), on every
     * core. Returns what is to be done in account order, on the sink's thread, in place of {@link #account}. By
     * default nothing is prepared: {@link #account} does all the work.
     */
    default Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
        return () -> account(account, margin, positions);
    }

    /** After the last account: a sink finishes and closes its files here. */
    void end();

    /** One sink that passes every call to each of {@code sinks}, in order. */
    static MarginSink all(List<? extends MarginSink> sinks) {
        List<MarginSink> list = List.copyOf(sinks);
        return new MarginSink() {
            @Override
            public void market(MarketContext market) {
                list.forEach(s -> s.market(market));
            }

            @Override
            public void begin(MarginRun run) {
                list.forEach(s -> s.begin(run));
            }

            @Override
            public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
                list.forEach(s -> s.account(account, margin, positions));
            }

            @Override
            public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
                List<Runnable> writes = list.stream().map(s -> s.prepare(account, margin, positions)).toList();
                return () -> writes.forEach(Runnable::run);
            }

            @Override
            public void end() {
                list.forEach(MarginSink::end);
            }
        };
    }
}
