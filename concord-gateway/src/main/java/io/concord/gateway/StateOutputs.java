package io.concord.gateway;

import io.concord.mapping.MappingSet;
import io.concord.mapping.ProductDefinition;
import io.concord.mapping.ReportableLevels;
import io.concord.book.AccountBook;
import io.concord.book.StoredSensitivities;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.report.MarginJson;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.engine.MarketPass;
import io.concord.margin.engine.RiskParameters;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmSilo;
import io.concord.margin.stress.BacktestRun;
import io.concord.margin.stress.BacktestSeries;
import io.concord.margin.stress.Scenario;
import io.concord.margin.stress.StressRevaluation;
import io.concord.margin.stress.StressRun;
import io.concord.margin.stress.StressScenarios;
import io.concord.report.BacktestJson;
import io.concord.report.StressJson;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.FirmExceptions;
import io.concord.report.FirmMarginJson;
import io.concord.report.JsonLinesWriter;
import io.concord.report.MarginDataAuth108;
import io.concord.report.MarginReportXml;
import io.concord.report.MarginSummary;
import io.concord.report.MarginWorkbook;
import io.concord.report.RegulatorViews;

import java.io.IOException;
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

    /**
     * The folder under a mappings folder whose daily market data files, when it exists, every run (process, serve)
     * is backtested over ({@code margin/backtest.json}); {@code concord stress --backtest DIR} names one instead.
     */
    public static final String BACKTEST_DIR = "backtest";

    /** The SIMM calibration the margin stage uses for CRIF accounts (10-day horizon). */
    public static final String SIMM_VERSION = "2.5";

    /**
     * The margin stage: the siloed engine, SIMM for accounts with CRIF sensitivities, the reportable levels of the
     * regulator views.
     */
    public record Engines(MarginEngine margin, SimmEngine simm, ReportableLevels levels, List<Scenario> stress,
                          BacktestSeries backtest) {

        /** The engines without a stress run or backtest. */
        public Engines(MarginEngine margin, SimmEngine simm, ReportableLevels levels) {
            this(margin, simm, levels, null, null);
        }

        /** The engines with a stress library (null: no stress run) and no backtest. */
        public Engines(MarginEngine margin, SimmEngine simm, ReportableLevels levels, List<Scenario> stress) {
            this(margin, simm, levels, stress, null);
        }

        public Engines {
            stress = stress == null ? null : List.copyOf(stress);
        }

        /** These engines with {@code scenarios} as the stress library (null: no stress run). */
        public Engines withStress(List<Scenario> scenarios) {
            return new Engines(margin, simm, levels, scenarios, backtest);
        }

        /** These engines with a backtest of every run over {@code series} (null: none). */
        public Engines withBacktest(BacktestSeries series) {
            return new Engines(margin, simm, levels, stress, series);
        }

        /** These engines with the margin engine replaced (a what-if), the rest kept. */
        public Engines withMargin(MarginEngine engine) {
            return new Engines(engine, simm, levels, stress, backtest);
        }

        /**
         * The engines from a mappings folder ({@code risk/}, {@code simm/}, the reportable levels, the stress
         * scenarios of {@code stress/} and the backtest series of {@code backtest/} when the folder has them) and its
         * set.
         */
        public static Engines load(Path mappings, MappingSet set) throws IOException {
            MarginEngine margin = MarginEngine.standard(set.taxonomy(), RiskParameters.load(mappings.resolve("risk")));
            SimmEngine simm = SimmEngine.load(mappings.resolve("simm").resolve("simm-" + SIMM_VERSION + ".yaml"),
                    Horizon.TEN_DAY);
            ReportableLevels levels = ReportableLevels.load(mappings.resolve(ReportableLevels.FILE),
                    set.definitions().stream().map(ProductDefinition::id).collect(Collectors.toSet()));
            Path stress = mappings.resolve(StressScenarios.DIR);
            Path backtest = mappings.resolve(BACKTEST_DIR);
            return new Engines(margin, simm, levels, Files.isDirectory(stress) ? StressScenarios.load(stress) : null,
                    Files.isDirectory(backtest) ? BacktestSeries.load(backtest) : null);
        }
    }

    private StateOutputs() {
    }

    /** CRIF rows by the account SIMM margins them in, each account's rows in the order given. */
    public static Map<MarginAccount, List<Sensitivity>> byAccount(Collection<Sensitivity> sensitivities) {
        Map<MarginAccount, List<Sensitivity>> out = new LinkedHashMap<>();
        if (sensitivities instanceof StoredSensitivities.Grouped stored) {
            // kept on disk: each account's rows are read when SIMM margins it (a portfolio is an account)
            stored.byPortfolio().values().forEach(rows -> out.put(SimmSilo.accountOf(rows.get(0)), rows));
            return out;
        }
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
        return write(out, mappingsVersion, engines, AccountBook.of(book), collateral, sensitivities, exceptionsJsonl,
                new StageClock());
    }

    /**
     * Stage names the benchmark reads from a {@link StageClock}: the margin pass (reading the book, margin, every
     * output written as accounts are margined; wall time and heap peak), the margin computed (the accounts' compute
     * CPU time summed over the margin threads, and that sum per thread: the time each thread spent computing when the
     * accounts are shared evenly), the workbooks (their share of the pass).
     */
    public static final String STAGE_MARGIN_PASS = "margin pass (read book, margin, outputs)";
    public static final String STAGE_MARGIN_CPU = "margin computed, summed over the margin threads";
    public static final String STAGE_MARGIN = "margin computed, per margin thread";
    public static final String STAGE_WORKBOOKS = "margin workbooks";
    /** The stress run's share of the margin pass: revaluing every account under every scenario. */
    public static final String STAGE_STRESS = "stress revaluation and coverage";
    /** The backtest's share of the margin pass: revaluing every account over every day of the series. */
    public static final String STAGE_BACKTEST = "backtest over the market data series";

    /**
     * What {@link #write} wrote: the outputs by name, the margin summary (null when {@code engines} was null), the
     * positions in the book, and the firms' outputs that failed: firm LEI → file name under {@code reports/<LEI>/}
     * → why. A firm's output that fails is that firm's error: it is left out (no partial file) and every other
     * output is written.
     */
    public record Written(Map<String, Path> files, MarginSummary margin, long booked,
                          Map<String, Map<String, String>> firmErrors) {
    }

    /**
     * {@link #write(Path, String, Engines, Collection, List, Collection, Path)} on a book read one account at a
     * time: margin is computed and every output written account by account, so no output holds the whole book or
     * every explain tree. The pass goes to {@code clock} under {@link #STAGE_MARGIN_PASS}, the margin computed under
     * {@link #STAGE_MARGIN}, each output's share (its work on the margin threads included) under its name.
     */
    public static Written write(Path out, String mappingsVersion, Engines engines, AccountBook book,
                                List<CollateralLine> collateral, Collection<Sensitivity> sensitivities,
                                Path exceptionsJsonl, StageClock clock) {
        return write(out, mappingsVersion, engines, book, collateral, sensitivities, exceptionsJsonl, clock,
                Scope.WHOLE);
    }

    /**
     * What a state's outputs are written for: the whole state, or some firms' part of it margined as the whole state
     * margins them ({@code whole}: the whole state's {@link MarketPass}, its business date and earlier dates). A
     * sink to {@code observe} every account as the outputs take it (null: none).
     */
    public record Scope(MarketPass whole, MarginSink observe) {
        /** The whole state, nothing observed. */
        public static final Scope WHOLE = new Scope(null, null);
    }

    /**
     * {@link #write(Path, String, Engines, AccountBook, List, Collection, Path, StageClock)} in {@code scope}: for a
     * part of a state, the firms' outputs under {@code reports/} are what the whole state's run writes for them.
     */
    public static Written write(Path out, String mappingsVersion, Engines engines, AccountBook book,
                                List<CollateralLine> collateral, Collection<Sensitivity> sensitivities,
                                Path exceptionsJsonl, StageClock clock, Scope scope) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        Map<String, Map<String, String>> firmErrors = new java.util.TreeMap<>();
        MarginSummary summary = null;
        long positions;
        Path bookFile = out.resolve("book/positions.jsonl");
        Path reports = out.resolve("reports");
        try (JsonLinesWriter booked = new JsonLinesWriter(bookFile)) {
            if (engines == null) {
                clock.time("book", () -> book.forEachAccount(ps -> ps.forEach(booked::write)));
            } else {
                Path marginFile = out.resolve("margin/margin.json");
                MarginEngine engine = engines.simm() == null ? engines.margin()
                        : engines.margin().with(new SimmSilo(engines.simm(), byAccount(sensitivities)));
                RegulatorViews.Sink regulator = new RegulatorViews.Sink(engines.levels(), out.resolve("regulator"));
                MarginReportXml.Sink xml = MarginReportXml.sink(reports);
                FirmExceptions rejected = FirmExceptions.split(exceptionsJsonl, reports);
                MarginWorkbook.Sink workbooks = MarginWorkbook.sink(rejected, reports);
                MarginJson json = new MarginJson(marginFile, reports, rejected);
                List<Timed> sinks = new ArrayList<>(List.of(new Timed("book", clock, new BookSink(booked, clock)),
                        new Timed("margin.json and XML reports", clock, json)));
                // the stress run takes each account before the XML reports, the workbooks and the regulator views,
                // which carry its coverage
                StressRun stress = engines.stress() == null ? null : new StressRun(new StressRevaluation(
                        engines.stress(), engine.parameters()), new StressJson(marginFile.resolveSibling(
                        StressJson.FILE)));
                if (stress != null) {
                    sinks.add(new Timed(STAGE_STRESS, clock, stress));
                    xml.stress(stress);
                    workbooks.stress(stress);
                    regulator.stress(stress);
                }
                BacktestRun backtest = engines.backtest() == null ? null : new BacktestRun(engines.backtest(),
                        engine.parameters(), new BacktestJson(marginFile.resolveSibling(BacktestJson.FILE)));
                if (backtest != null) {
                    sinks.add(new Timed(STAGE_BACKTEST, clock, backtest));
                    workbooks.backtest(backtest);
                }
                sinks.add(new Timed("margin.json and XML reports", clock, xml));
                sinks.add(new Timed(STAGE_WORKBOOKS, clock, workbooks));
                sinks.add(new Timed("regulator views", clock, regulator));
                if (scope.observe() != null) {
                    sinks.add(new Timed("observed", clock, scope.observe()));
                }
                MarginCpuTime timing = new MarginCpuTime();
                clock.time(STAGE_MARGIN_PASS, () -> engine.run(mappingsVersion, book, collateral,
                        MarginSink.all(sinks), timing, scope.whole()));
                Map.of(FirmMarginJson.FILE_NAME, json, MarginReportXml.FILE_NAME, xml, MarginWorkbook.FILE_NAME,
                        workbooks).forEach((file, sink) -> sink.failures().forEach((firm, why) ->
                        firmErrors.computeIfAbsent(firm, f -> new java.util.TreeMap<>()).put(file, why)));
                clock.add(STAGE_MARGIN_CPU, timing.computeNanos());
                clock.add(STAGE_MARGIN, timing.perThreadNanos());
                summary = regulator.summary();
                summary.write(marginFile.getParent());
                outputs.put("margin", marginFile);
                outputs.put("margin-summary", marginFile.resolveSibling(MarginSummary.FILE));
                if (stress != null) {
                    outputs.put("stress", marginFile.resolveSibling(StressJson.FILE));
                }
                if (backtest != null) {
                    outputs.put("backtest", marginFile.resolveSibling(BacktestJson.FILE));
                }
                outputs.put("regulator", out.resolve("regulator"));
            }
            positions = booked.lines();
        }
        outputs.put("book", bookFile);
        Map<String, Path> marginData = clock.time("auth.108 margin data", () -> MarginDataAuth108.write(collateral,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), reports));
        if (engines != null || !marginData.isEmpty()) {
            outputs.put("reports", reports);
        }
        return new Written(outputs, summary, positions, firmErrors);
    }

    /** Writes every account's positions to {@code book/positions.jsonl}. */
    private record BookSink(JsonLinesWriter booked, StageClock clock) implements MarginSink {
        @Override
        public void begin(MarginRun run) {
        }

        @Override
        public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
            prepare(account, margin, positions).run();
        }

        /** The account's lines are formatted on the margin thread, written in order. */
        @Override
        public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
            String lines = JsonLinesWriter.lines(positions);
            return () -> {
                booked.writeLines(lines, positions.size());
                clock.margined(positions.size());
            };
        }

        @Override
        public void end() {
        }
    }

    /** A sink whose time is counted under its output's stage name. */
    private static final class Timed implements MarginSink {
        private final String stage;
        private final StageClock clock;
        private final MarginSink sink;

        Timed(String stage, StageClock clock, MarginSink sink) {
            this.stage = stage;
            this.clock = clock;
            this.sink = sink;
        }

        private void timed(Runnable call) {
            clock.count(stage, () -> {
                call.run();
                return null;
            });
        }

        @Override
        public void market(io.concord.margin.MarketContext market) {
            sink.market(market);
        }

        @Override
        public void begin(MarginRun run) {
            timed(() -> sink.begin(run));
        }

        @Override
        public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
            timed(() -> sink.account(account, margin, positions));
        }

        @Override
        public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
            Runnable write = clock.count(stage, () -> sink.prepare(account, margin, positions));
            return () -> timed(write);
        }

        @Override
        public void end() {
            timed(sink::end);
        }
    }
}
