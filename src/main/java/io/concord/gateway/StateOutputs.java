package io.concord.gateway;

import io.concord.mapping.MappingSet;
import io.concord.mapping.ProductDefinition;
import io.concord.mapping.ReportableLevels;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginEngine;
import io.concord.margin.MarginReport;
import io.concord.margin.RiskParameters;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmSilo;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.FirmMarginJson;
import io.concord.report.Json;
import io.concord.report.JsonLinesWriter;
import io.concord.report.MarginDataAuth108;
import io.concord.report.MarginReportXml;
import io.concord.report.MarginSummary;
import io.concord.report.MarginWorkbook;
import io.concord.report.RegulatorViews;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outputs of a whole state: the booked positions, the collateral lines and the CRIF sensitivities. Written
 * under one folder: {@code book/positions.jsonl}; with the margin stage {@code margin/margin.json} and
 * {@code margin/summary.json}, per firm
 * {@code reports/<LEI>/margin.json}, {@code margin-report.xml} and {@code margin-report.xlsx}, and the regulator
 * views under {@code regulator/}; and {@code reports/<LEI>/auth108-margin-data.xml} for swap margin data.
 * {@code process} writes them once its last file is through ({@link ProcessRun#finish()}); serve mode after
 * every committed submission, from the ledger's state.
 */
public final class StateOutputs {

    /** The SIMM calibration the margin stage uses for CRIF accounts (10-day horizon). */
    public static final String SIMM_VERSION = "2.5";

    /**
     * The margin stage: the siloed engine, SIMM for accounts with CRIF sensitivities, the reportable levels of the
     * regulator views.
     */
    public record Engines(MarginEngine margin, SimmEngine simm, ReportableLevels levels) {

        /** The engines from a mappings folder ({@code risk/}, {@code simm/}, the reportable levels) and its set. */
        public static Engines load(Path mappings, MappingSet set) throws IOException {
            MarginEngine margin = MarginEngine.standard(set.taxonomy(), RiskParameters.load(mappings.resolve("risk")));
            SimmEngine simm = SimmEngine.load(mappings.resolve("simm").resolve("simm-" + SIMM_VERSION + ".yaml"),
                    Horizon.TEN_DAY);
            ReportableLevels levels = ReportableLevels.load(mappings.resolve(ReportableLevels.FILE),
                    set.definitions().stream().map(ProductDefinition::id).collect(Collectors.toSet()));
            return new Engines(margin, simm, levels);
        }
    }

    private StateOutputs() {
    }

    /** CRIF rows by the account SIMM margins them in, each account's rows in the order given. */
    public static Map<MarginAccount, List<Sensitivity>> byAccount(Collection<Sensitivity> sensitivities) {
        Map<MarginAccount, List<Sensitivity>> out = new LinkedHashMap<>();
        for (Sensitivity s : sensitivities) {
            out.computeIfAbsent(SimmSilo.accountOf(s), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /**
     * Writes the state's outputs under {@code out}; {@code engines} null leaves out margin, the margin reports and
     * the regulator views. {@code exceptionsJsonl} is what the firms' workbooks list as exceptions. Returns the
     * outputs written by name ({@code book}, {@code margin}, {@code regulator}, {@code reports}) and the margin
     * summary written to {@code margin/summary.json}.
     */
    public static Written write(Path out, String mappingsVersion, Engines engines,
                                          Collection<Position> book, List<CollateralLine> collateral,
                                          Collection<Sensitivity> sensitivities, Path exceptionsJsonl) {
        return write(out, mappingsVersion, engines, book, collateral, sensitivities, exceptionsJsonl,
                new StageClock());
    }

    /** Stage names the benchmark reads from a {@link StageClock}. */
    public static final String STAGE_MARGIN = "margin";
    public static final String STAGE_WORKBOOKS = "margin workbooks";

    /**
     * What {@link #write} wrote: the outputs by name, and the margin summary (null when {@code engines} was null).
     */
    public record Written(Map<String, Path> files, MarginSummary margin) {
    }

    /** {@link #write(Path, String, Engines, Collection, List, Collection, Path)}, each stage timed by {@code clock}. */
    public static Written write(Path out, String mappingsVersion, Engines engines,
                                          Collection<Position> book, List<CollateralLine> collateral,
                                          Collection<Sensitivity> sensitivities, Path exceptionsJsonl,
                                          StageClock clock) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        MarginSummary summary = null;
        Path bookFile = out.resolve("book/positions.jsonl");
        clock.time("book", () -> {
            try (JsonLinesWriter w = new JsonLinesWriter(bookFile)) {
                book.forEach(w::write);
            }
        });
        outputs.put("book", bookFile);
        Path reports = out.resolve("reports");
        if (engines != null) {
            // margin and the reports take the positions in key order, so they do not depend on arrival order
            List<Position> positions = clock.time("book in key order", () -> book.stream()
                    .map(p -> Map.entry(p.bookKey(), p)).sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                    .toList());
            Path marginFile = out.resolve("margin/margin.json");
            MarginEngine engine = engines.simm() == null ? engines.margin()
                    : engines.margin().with(new SimmSilo(engines.simm(), byAccount(sensitivities)));
            MarginReport report = clock.time(STAGE_MARGIN, () -> engine.run(mappingsVersion, positions, collateral));
            summary = MarginSummary.of(report);
            MarginSummary written = summary;
            clock.time("margin.json and XML reports", () -> {
                try {
                    Files.createDirectories(marginFile.getParent());
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(marginFile.toFile(), report);
                    written.write(marginFile.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + marginFile, e);
                }
                FirmMarginJson.write(report, reports);
                MarginReportXml.write(report, reports);
            });
            clock.time(STAGE_WORKBOOKS, () -> MarginWorkbook.write(report, positions, exceptionsJsonl, reports));
            clock.time("regulator views", () -> RegulatorViews.write(report, positions, engines.levels(),
                    out.resolve("regulator")));
            outputs.put("margin", marginFile);
            outputs.put("margin-summary", marginFile.resolveSibling(MarginSummary.FILE));
            outputs.put("regulator", out.resolve("regulator"));
        }
        Map<String, Path> marginData = clock.time("auth.108 margin data", () -> MarginDataAuth108.write(collateral,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), reports));
        if (engines != null || !marginData.isEmpty()) {
            outputs.put("reports", reports);
        }
        return new Written(outputs, summary);
    }
}
