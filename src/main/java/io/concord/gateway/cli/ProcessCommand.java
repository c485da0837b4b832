package io.concord.gateway.cli;

import io.concord.feed.FeedFormats;
import io.concord.gateway.Gateway;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.report.MarginSummary;
import io.concord.gateway.StateOutputs;
import io.concord.margin.MarginEngine;
import io.concord.mapping.MappingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code concord process}: runs the pipeline on files and folders. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = "Parse, normalize and book feed files; write normalized records, exceptions, acks and margin.")
public final class ProcessCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--feed", description = "feed id of every input (default: detected from each file's content)")
    String feed;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings", description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @picocli.CommandLine.Mixin
    WhatIfOption whatIf;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "feed files or folders (searched recursively)")
    List<Path> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (feed != null && FeedFormats.standard().byId(feed).isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown feed '" + feed
                    + "'; feeds: " + String.join(", ", FeedFormats.standard().ids()));
        }
        RunSummary s = run(out, feed, mappings, inputs, whatIf.value);
        print(s, spec.commandLine().getOut());
        return s.internalErrors().isEmpty() ? 0 : 1;
    }

    /** The SIMM calibration the margin stage uses for CRIF accounts (10-day horizon). */
    static final String SIMM_VERSION = StateOutputs.SIMM_VERSION;

    /** {@code --what-if harmonize-all}, the option process and demo share; null when not given. */
    static final class WhatIfOption {
        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec mixee;

        String value;

        @Option(names = "--what-if", paramLabel = "harmonize-all", description = "compute harmonized margin as if "
                + "every segregation class could be cross-margined (default: only the classes in risk/harmonized.yaml)")
        void set(String whatIf) {
            if (!MarginEngine.WHAT_IF_ALL.equals(whatIf)) {
                throw new picocli.CommandLine.ParameterException(mixee.commandLine(), "unknown what-if '" + whatIf
                        + "'; what-ifs: " + MarginEngine.WHAT_IF_ALL);
            }
            value = whatIf;
        }
    }

    static RunSummary run(Path out, String feed, Path mappings, List<Path> inputs) throws Exception {
        return run(out, feed, mappings, inputs, null);
    }

    static RunSummary run(Path out, String feed, Path mappings, List<Path> inputs, String whatIf) throws Exception {
        List<Path> files = Gateway.expand(inputs);
        return Gateway.process(standardRun(out, feed, mappings, whatIf), files);
    }

    /**
     * A run with the margin stage (SIMM for CRIF accounts, harmonized margin; {@code whatIf} as {@code --what-if})
     * and the regulator views: what {@code process} runs.
     */
    public static ProcessRun standardRun(Path out, String feed, Path mappings, String whatIf)
            throws java.io.IOException {
        return standardRun(out, feed, mappings, whatIf, null);
    }

    /**
     * {@link #standardRun(Path, String, Path, String)} with the stress scenarios of {@code scenarios} (a folder or one
     * file) in place of the mappings folder's {@code stress/}; null keeps those.
     */
    static ProcessRun standardRun(Path out, String feed, Path mappings, String whatIf, Path scenarios)
            throws java.io.IOException {
        MappingSet set = MappingSet.load(mappings);
        StateOutputs.Engines engines = StateOutputs.Engines.load(mappings, set);
        if (MarginEngine.WHAT_IF_ALL.equals(whatIf)) {
            engines = engines.withMargin(engines.margin().harmonizeAll());
        }
        if (scenarios != null) {
            engines = engines.withStress(io.concord.margin.stress.StressScenarios.load(scenarios));
        }
        return new ProcessRun(out, set, FeedFormats.standard(), feed, engines);
    }

    /**
     * The stress line of a run's summary: in the worst scenario (the largest summed loss), how many accounts each
     * regime covers and leaves under-margined, with the shortfall.
     */
    static String stressLine(io.concord.margin.stress.StressRun.Level l) {
        if (l.worstScenario() == null) {
            return String.format(Locale.ROOT, "stress: %d scenarios, no loss on any of %d accounts",
                    l.scenarios().size(), l.accounts());
        }
        var c = l.worst().accounts();
        var siloed = c.get(io.concord.margin.stress.Coverage.Regime.SILOED);
        var harmonized = c.get(io.concord.margin.stress.Coverage.Regime.HARMONIZED);
        var collateral = c.get(io.concord.margin.stress.Coverage.Regime.COLLATERAL);
        return String.format(Locale.ROOT, "stress: worst of %d scenarios %s, loss %,.2f USD over %d accounts: siloed "
                        + "covers %d, under-margined %d (short %,.2f); harmonized covers %d, under-margined %d (short "
                        + "%,.2f); collateral covers %d, short on %d (%,.2f)", l.scenarios().size(), l.worstScenario(),
                l.worst().loss(), l.accounts(), siloed.covered(), siloed.underMargined(), siloed.shortfall(),
                harmonized.covered(), harmonized.underMargined(), harmonized.shortfall(), collateral.covered(),
                collateral.underMargined(), collateral.shortfall());
    }

    static void print(RunSummary s, PrintWriter w) {
        w.printf("files %d%s, records %d: accepted %d, rejected %d; %d positions booked (mappings %s)%n",
                s.files(), s.duplicates() > 0 ? " (" + s.duplicates() + " duplicate skipped)" : "",
                s.received(), s.accepted(), s.rejected(), s.bookedPositions(), s.mappingsVersion());
        s.outputs().forEach((name, path) -> w.printf("  %-14s %s%n", name, path));
        MarginSummary.Level m = s.margin();
        if (m != null) {
            w.printf(Locale.ROOT, "margin: siloed %,.2f, harmonized %,.2f, freed %,.2f USD (%d of %d harmonized "
                    + "portfolios save, %d capped)%n", m.siloed(), m.harmonized(), m.freed(), m.portfoliosWithSaving(),
                    m.portfolios(), m.portfoliosCapped());
            if (m.stress() != null) {
                w.println(stressLine(m.stress()));
            }
        }
        s.internalErrors().forEach(e -> w.println("  internal error: " + e));
        w.flush();
    }
}
