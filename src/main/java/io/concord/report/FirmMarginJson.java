package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.MarginReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin.json}: one firm's part of margin.json, the same account entries as there.
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
     */
    public record FirmMargin(String firm, LocalDate asOf, String mappingsVersion, String parametersVersion,
                             String whatIf, List<AccountMargin> accounts) {
    }

    private FirmMarginJson() {
    }

    /** Each firm's part of {@code report}, by LEI in LEI order. */
    public static Map<String, FirmMargin> byFirm(MarginReport report) {
        Map<String, FirmMargin> out = new LinkedHashMap<>();
        report.accountsByFirm().forEach((firm, list) -> out.put(firm, new FirmMargin(firm, report.asOf(), report.mappingsVersion(),
                report.parametersVersion(), report.whatIf(), list)));
        return out;
    }

    /** Writes one file per firm of {@code report} under {@code reportsDir}; returns the files by firm LEI. */
    public static Map<String, Path> write(MarginReport report, Path reportsDir) {
        Map<String, Path> files = new LinkedHashMap<>();
        byFirm(report).forEach((firm, margin) -> {
            Path file = reportsDir.resolve(firm).resolve(FILE_NAME);
            try {
                Files.createDirectories(file.getParent());
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), margin);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            files.put(firm, file);
        });
        return files;
    }
}
