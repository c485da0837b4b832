package io.concord.gateway.cli;

import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.RunSummary;
import io.concord.margin.stress.Coverage.Regime;
import io.concord.margin.stress.Scenario;
import io.concord.margin.stress.StressRun;
import io.concord.margin.stress.StressScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code concord stress}: the pipeline of {@code process} with the stress scenarios of {@code --scenarios}, and a
 * table of the coverage per scenario: accounts and harmonized portfolios under-margined under each regime.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = "Process feed files as 'process' does, revalue every account and harmonized portfolio under "
                + "each stress scenario and print, per scenario, the loss and how many accounts the siloed margin, the "
                + "harmonized margin and the collateral would leave short (details in margin/stress.json).")
public final class StressCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--scenarios", paramLabel = "DIR|FILE", description = "a folder of scenario files or one file "
            + "(default: the mappings folder's stress/)")
    Path scenarios;

    @Option(names = "--feed", description = "feed id of every input (default: detected from each file's content)")
    String feed;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings", description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @picocli.CommandLine.Mixin
    ProcessCommand.WhatIfOption whatIf;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "feed files or folders (searched recursively)")
    List<Path> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProcessCommand.checkFeed(feed, spec);
        Path library = scenarios != null ? scenarios : mappings.resolve(StressScenarios.DIR);
        StressScenarios.Loaded loaded = StressScenarios.read(library);
        PrintWriter w = spec.commandLine().getOut();
        if (!loaded.problems().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            loaded.problems().forEach(err::println);
            err.printf("stress: %d problem(s) in the scenarios; nothing processed%n", loaded.problems().size());
            err.flush();
            return 1;
        }
        RunSummary s = Gateway.process(Gateway.standardRun(out, feed, mappings, whatIf.value, library),
                Gateway.expand(inputs));
        ProcessCommand.print(s, w);
        if (s.margin() != null && s.margin().stress() != null) {
            table(s.margin().stress(), loaded.scenarios(), w);
        }
        w.flush();
        return s.internalErrors().isEmpty() ? 0 : 1;
    }

    /** One line per scenario: kind, horizon, loss, and per regime the accounts under-margined and the shortfall. */
    static void table(StressRun.Level market, List<Scenario> library, PrintWriter w) {
        Map<String, Scenario> byId = library.stream().collect(Collectors.toMap(Scenario::id, Function.identity()));
        w.printf(Locale.ROOT, "%-36s %-12s %4s %18s %22s %22s %22s %20s%n", "scenario", "kind", "days", "loss (USD)",
                "siloed: short (USD)", "harmonized: short", "collateral: short", "portfolios short H");
        for (StressRun.ScenarioLevel l : market.scenarios()) {
            Scenario sc = byId.get(l.scenario());
            w.printf(Locale.ROOT, "%-36s %-12s %4d %18s %22s %22s %22s %20s%n", l.scenario(), sc.kind(),
                    sc.horizonDays(), String.format(Locale.ROOT, "%,.2f", l.loss()),
                    cell(l.accounts().get(Regime.SILOED)), cell(l.accounts().get(Regime.HARMONIZED)),
                    cell(l.accounts().get(Regime.COLLATERAL)), cell(l.portfolios().get(Regime.HARMONIZED)));
        }
        w.printf(Locale.ROOT, "%d accounts, %d harmonized portfolios; 'N: X' = N under-margined, X short in total%n",
                market.accounts(), market.portfolios());
    }

    private static String cell(StressRun.RegimeCount c) {
        return String.format(Locale.ROOT, "%d: %,.2f", c.underMargined(), c.shortfall());
    }
}
