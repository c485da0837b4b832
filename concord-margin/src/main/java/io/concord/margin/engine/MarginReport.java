package io.concord.margin.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code margin/margin.json}: siloed margin per firm, account and segregation class on one business date.
 *
 * @param asOf               the business date margined (the latest in the book); null (absent from margin.json) when
 *                           the run holds only CRIF sensitivities, which carry no date
 * @param mappingsVersion    mapping set version of the run
 * @param parametersVersion  version (content hash) of the risk parameter files under mappings/risk/
 * @param whatIf             the what-if the harmonized figures were computed under ({@code harmonize-all}: every
 *                           segregation class may be cross-margined), null for the configured eligibility
 * @param accounts           one entry per firm, account and segregation class with positions or collateral
 * @param earlierDates       business dates in the book before {@code asOf}, with how many positions and collateral
 *                           lines each had: they are not margined in this file
 */
public record MarginReport(LocalDate asOf, String mappingsVersion, String parametersVersion, String whatIf,
                           List<AccountMargin> accounts, List<EarlierDate> earlierDates) {

    /** A business date the run also booked, not margined. */
    public record EarlierDate(LocalDate asOf, int positions, int collateralLines) {
    }

    /** The accounts by firm LEI: firms in LEI order, each firm's accounts in the report's order. */
    public java.util.Map<String, List<AccountMargin>> accountsByFirm() {
        java.util.Map<String, List<AccountMargin>> byFirm = new java.util.TreeMap<>(
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        accounts.forEach(a -> byFirm.computeIfAbsent(a.firm(), f -> new java.util.ArrayList<>()).add(a));
        return byFirm;
    }

    public MarginReport {
        accounts = List.copyOf(accounts);
        earlierDates = List.copyOf(earlierDates);
    }
}
