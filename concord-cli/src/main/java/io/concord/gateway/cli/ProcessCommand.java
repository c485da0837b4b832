package io.concord.gateway.cli;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.feed.FeedFormats;
import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.report.MarginSummary;
import io.concord.gateway.StateOutputs;
import io.concord.margin.engine.MarginEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concord process}: runs the pipeline on files and folders into one output folder, which then holds that
 * run and nothing else, and exits with a code a scheduler can act on ({@link #exitCode}).
 */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = "Parse, normalize and book feed files; write normalized records, exceptions, acks and margin.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was accepted whole",
                "1:the run failed (outputs of a failed run are not published)",
                "2:usage error (including a non-empty --out without --replace)",
                "3:some records or files were rejected (see the acks and exceptions.jsonl)",
                "4:nothing was accepted, or no feed file was found (--out is then left as it was)"})
public final class ProcessCommand implements Callable<Integer> {

    /** Every file was accepted whole. */
    public static final int EXIT_ACCEPTED = 0;
    /** The run failed. */
    public static final int EXIT_FAILED = 1;
    /** A usage error. */
    public static final int EXIT_USAGE = 2;
    /** Some records or files were rejected, some accepted. */
    public static final int EXIT_REJECTED = 3;
    /** Nothing was accepted, or no feed file was found. */
    public static final int EXIT_NOTHING_ACCEPTED = 4;

    @Option(names = "--out", required = true, description = "output folder: written as a fresh folder and swapped in "
            + "whole when the run has finished, so it holds exactly one run")
    Path out;

    @Option(names = "--replace", description = "replace a non-empty --out (an earlier run's outputs) whole; without "
            + "it a non-empty --out is refused")
    boolean replace;

    @Option(names = "--feed", description = "feed id of every input (default: detected from each file's content)")
    String feed;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings", description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @picocli.CommandLine.Mixin
    WhatIfOption whatIf;

    @Option(names = "--resubmit", description = "process a file again when an earlier input of the run has the same "
            + "content, as a resubmission that supersedes it (id <submission>-r2, -r3, ...; its collateral lines and "
            + "CRIF rows replace the earlier's, its positions overwrite them key by key); default: skip it as a "
            + "duplicate")
    boolean resubmit;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "feed files or folders (searched recursively)")
    List<Path> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkFeed(feed, spec);
        if (!replace && io.concord.gateway.RunFolder.occupied(out)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is not empty (an "
                    + "earlier run's outputs?): give --replace to replace it whole, or name a new folder");
        }
        List<Path> files = Gateway.expand(inputs);
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("concord: no feed file found in " + inputs + " (hidden and README "
                    + "files are skipped); nothing processed, " + out + " left as it was");
            return EXIT_NOTHING_ACCEPTED;
        }
        RunSummary s = run(out, feed, mappings, files, whatIf.value, resubmit);
        print(s, spec.commandLine().getOut());
        spec.commandLine().getOut().println(outcome(s));
        spec.commandLine().getOut().flush();
        return exitCode(s);
    }

    /** Refuses a {@code --feed} that names no feed (usage, exit 2); null (detect each file's feed) passes. */
    static void checkFeed(String feed, picocli.CommandLine.Model.CommandSpec spec) {
        if (feed != null && FeedFormats.standard().byId(feed).isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown feed '" + feed
                    + "'; feeds: " + String.join(", ", FeedFormats.standard().ids()));
        }
    }

    /**
     * The exit code of a finished run: {@link #EXIT_FAILED} when anything failed inside Concord,
     * {@link #EXIT_NOTHING_ACCEPTED} when no record was accepted, {@link #EXIT_REJECTED} when some record or file
     * was rejected, else {@link #EXIT_ACCEPTED}.
     */
    static int exitCode(RunSummary s) {
        if (!s.internalErrors().isEmpty()) {
            return EXIT_FAILED;
        }
        if (s.accepted() == 0) {
            return EXIT_NOTHING_ACCEPTED;
        }
        return s.rejected() > 0 ? EXIT_REJECTED : EXIT_ACCEPTED;
    }

    /** One line on what the exit code says of the run. */
    static String outcome(RunSummary s) {
        long files = s.acks().values().stream().filter(a -> !a.equals("ACCEPTED")).count();
        return switch (exitCode(s)) {
            case EXIT_ACCEPTED -> "exit " + EXIT_ACCEPTED + ": every file was accepted whole";
            case EXIT_REJECTED -> "exit " + EXIT_REJECTED + ": " + s.rejected() + " records rejected in " + files
                    + " of " + s.files() + " files (see the acks and exceptions.jsonl)";
            case EXIT_NOTHING_ACCEPTED -> "exit " + EXIT_NOTHING_ACCEPTED + ": nothing was accepted (" + s.rejected()
                    + " records rejected)";
            default -> "exit " + EXIT_FAILED + ": the run failed inside Concord";
        };
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

    /**
     * Processes {@code inputs} (files and folders) into a fresh folder and swaps it in whole for {@code out}
     * ({@link io.concord.gateway.RunFolder}): whatever {@code out} held is replaced, and a run that fails leaves it
     * as it was.
     */
    static RunSummary run(Path out, String feed, Path mappings, List<Path> inputs, String whatIf) throws Exception {
        return run(out, feed, mappings, inputs, whatIf, false);
    }

    static RunSummary run(Path out, String feed, Path mappings, List<Path> inputs, String whatIf, boolean resubmit)
            throws Exception {
        List<Path> files = Gateway.expand(inputs);
        if (!anyZip(files)) {
            // the run writes workbooks: their libraries start on the other core meanwhile (never beside an xlsx
            // feed's reading, which initialises the same classes)
            io.concord.report.WorkbookWarmUp.start();
        }
        return io.concord.gateway.RunFolder.replace(out, fresh -> {
            ProcessRun run = Gateway.standardRun(fresh, feed, mappings, whatIf).publishedAs(out);
            return withProgress(resubmit ? run.resubmitting() : run, files);
        });
    }

    /** Whether any of {@code files} is a zip archive (an xlsx workbook), by its first four bytes. */
    static boolean anyZip(List<Path> files) throws java.io.IOException {
        byte[] zip = {'P', 'K', 3, 4};
        for (Path f : files) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(f)) {
                if (java.util.Arrays.equals(in.readNBytes(4), zip)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link Gateway#process} of {@code files} with the run's progress line on the terminal (if there is one). */
    static RunSummary withProgress(ProcessRun run, List<Path> files) throws Exception {
        long bytes = 0;
        for (Path f : files) {
            bytes += java.nio.file.Files.size(f);
        }
        long total = bytes;
        try (io.concord.gateway.Progress p = io.concord.gateway.Progress.start(() -> run.progress(total))) {
            return Gateway.process(ConcordConfig.load(null), run, files);
        }
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

    /** Inputs listed one by one on the terminal; beyond, the rest are counted (their acks say the same). */
    static final int LISTED_INPUTS = 200;

    /**
     * Each input on a line: status, feed, file, records accepted of received and, when some were rejected, the
     * count per reason and the first rejection with its location; the files that are not accepted whole first.
     */
    static void printInputs(List<RunSummary.Input> inputs, PrintWriter w) {
        if (inputs.isEmpty()) {
            return;
        }
        w.println("inputs:");
        List<RunSummary.Input> ordered = new java.util.ArrayList<>(inputs);
        ordered.sort(java.util.Comparator.comparing((RunSummary.Input i) -> i.status().equals("ACCEPTED"))
                .thenComparing(RunSummary.Input::feed).thenComparing(RunSummary.Input::file));
        int feedWidth = ordered.stream().mapToInt(i -> i.feed().length()).max().orElse(0);
        for (RunSummary.Input i : ordered.subList(0, Math.min(LISTED_INPUTS, ordered.size()))) {
            w.printf(Locale.ROOT, "  %-8s %-" + feedWidth + "s %s: %,d of %,d records accepted%s%n", i.status(),
                    i.feed(), i.file(), i.accepted(), i.received(), i.reasons().isEmpty() ? ""
                            : "; rejected " + i.reasons().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")));
            if (i.firstRejection() != null) {
                w.println("           first: " + abbreviate(i.firstRejection(), 160));
            }
        }
        if (ordered.size() > LISTED_INPUTS) {
            w.printf(Locale.ROOT, "  ... and %,d more accepted or rejected files (see acks/)%n",
                    ordered.size() - LISTED_INPUTS);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static void print(RunSummary s, PrintWriter w) {
        w.printf("files %d%s, records %d: accepted %d, rejected %d; %d positions booked (mappings %s)%n",
                s.files(), s.duplicates() > 0 ? " (" + s.duplicates() + " duplicate skipped)" : "",
                s.received(), s.accepted(), s.rejected(), s.bookedPositions(), s.mappingsVersion());
        printInputs(s.inputs(), w);
        w.println("outputs:");
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
