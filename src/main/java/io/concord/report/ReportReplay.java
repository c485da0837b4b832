package io.concord.report;

import io.concord.book.AccountBook;
import io.concord.margin.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginReport;
import io.concord.margin.MarginRun;
import io.concord.margin.MarginSink;
import io.concord.model.Position;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives a {@link MarginSink} a whole {@link MarginReport} and the booked positions as the margin engine gives a run:
 * every account with a margin or a position in {@link MarginAccount#ORDER}, each with its margin (null for an account
 * holding only positions of earlier dates) and its positions of every date in book key order. It lets a writer built
 * as a sink also write a report already in memory, through the same code.
 */
final class ReportReplay {

    private ReportReplay() {
    }

    /** Replays {@code report} with {@code positions} (the whole book, every firm; empty when the sink needs none). */
    static void replay(MarginReport report, Collection<Position> positions, MarginSink sink) {
        Map<MarginAccount, Account> accounts = new TreeMap<>(MarginAccount.ORDER);
        for (AccountMargin m : report.accounts()) {
            accounts.computeIfAbsent(new MarginAccount(m.firm(), m.account(), m.segregationClass()), k -> new Account())
                    .margin = m;
        }
        AccountBook.of(positions).forEachAccount(list -> {
            Position p = list.get(0);
            accounts.computeIfAbsent(new MarginAccount(p.firmLei(), p.account(), p.segregationClass()),
                    k -> new Account()).positions = list;
        });
        sink.begin(new MarginRun(report.asOf(), report.mappingsVersion(), report.parametersVersion(),
                report.whatIf(), report.earlierDates()));
        accounts.forEach((account, a) -> sink.account(account, a.margin, a.positions));
        sink.end();
    }

    /** What the sink is given for one account. */
    private static final class Account {
        private AccountMargin margin;
        private List<Position> positions = List.of();
    }
}
