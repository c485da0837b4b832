package io.concord.report;

import io.concord.book.AccountBook;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.model.Position;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives a margin report held in memory to a {@link MarginSink} as the margin engine would: the report's accounts and
 * the accounts that hold only positions in account order, each with its positions. The writers that take a whole
 * report are this over their sink, so both write the same files.
 */
public final class MarginReplay {

    private MarginReplay() {
    }

    /** Replays {@code report} with the booked {@code positions} (every firm and date) into {@code sink}. */
    public static void replay(MarginReport report, Collection<Position> positions, MarginSink sink) {
        Map<MarginAccount, AccountMargin> margins = new TreeMap<>(MarginAccount.ORDER);
        report.accounts().forEach(a -> margins.put(new MarginAccount(a.firm(), a.account(), a.segregationClass()), a));
        Map<MarginAccount, List<Position>> held = new TreeMap<>(MarginAccount.ORDER);
        margins.keySet().forEach(a -> held.put(a, List.of()));
        AccountBook.of(positions).forEachAccount(ps -> held.put(MarginAccount.of(ps.get(0)), new ArrayList<>(ps)));
        sink.begin(new MarginRun(report.asOf(), report.mappingsVersion(), report.parametersVersion(),
                report.whatIf(), report.earlierDates()));
        held.forEach((a, ps) -> sink.account(a, margins.get(a), ps));
        sink.end();
    }
}
