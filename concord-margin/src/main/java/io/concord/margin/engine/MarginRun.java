package io.concord.margin.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * What margin.json says before its accounts: the business date margined, the versions, the what-if and the earlier
 * business dates in the book (see {@link MarginReport} for each field).
 */
public record MarginRun(LocalDate asOf, String mappingsVersion, String parametersVersion, String whatIf,
                        List<MarginReport.EarlierDate> earlierDates) {

    public MarginRun {
        earlierDates = List.copyOf(earlierDates);
    }

    /** The report of this run with {@code accounts}. */
    public MarginReport report(List<AccountMargin> accounts) {
        return new MarginReport(asOf, mappingsVersion, parametersVersion, whatIf, accounts, earlierDates);
    }
}
