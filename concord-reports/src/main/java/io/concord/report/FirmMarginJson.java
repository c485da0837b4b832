package io.concord.report;

import io.concord.margin.engine.AccountMargin;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code reports/<firm-LEI>/margin.json}: one firm's part of margin.json, the same account entries as there (written
 * with margin.json by {@link MarginJson}), and what the firm sent that is in no margin figure ({@code rejected}).
 * Only the firm's own figures: margin.json's {@code earlierDates} count every firm's records, so they are left out.
 */
public final class FirmMarginJson {

    public static final String FILE_NAME = "margin.json";

    /**
     * One firm's margin.
     *
     * @param firm              the firm's LEI
     * @param asOf              the business date margined (margin.json's)
     * @param mappingsVersion   mapping set version
     * @param parametersVersion risk parameters version
     * @param whatIf            margin.json's what-if (null: the configured eligibility)
     * @param accounts          the firm's entries of margin.json's {@code accounts}, in the same order
     * @param rejected          the records the firm sent that were rejected, so are in no margin figure (unmapped
     *                          products included): how many, by reason, the first rows and the file with all of
     *                          them; absent when there are none
     */
    public record FirmMargin(String firm, LocalDate asOf, String mappingsVersion, String parametersVersion,
                             String whatIf, List<AccountMargin> accounts, FirmExceptions.Rejected rejected) {
    }

    private FirmMarginJson() {
    }
}
