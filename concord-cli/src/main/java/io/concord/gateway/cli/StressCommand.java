package io.concord.gateway.cli;

import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.RunSummary;
import io.concord.margin.stress.Coverage.Regime;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.mapping.MappingProblem;
import io.concord.margin.stress.BacktestSeries;
import io.concord.margin.stress.Scenario;
import io.concord.report.BacktestJson;
import io.concord.report.Json;
import io.concord.margin.stress.StressRun;
import io.concord.margin.stress.StressScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
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

    @Option(names = "--backtest", paramLabel = "DIR", description = "also backtest the margin over a folder of daily "
            + "market data files (the format of mappings/market-data/<YYYY-MM-DD>.yaml, one date each): per regime the days on "
            + "which the loss over the margin period of risk exceeded the margin (margin/backtest.json, a Backtest "
            + "sheet, a table here)")
    Path backtest;

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
        if (refused(loaded.problems(), "the scenarios")) {
            return 1;
        }
        if (backtest != null && refused(BacktestSeries.read(backtest).problems(), "the backtest series")) {
            return 1;
        }
        RunSummary s = ProcessCommand.withProgress(Gateway.standardRun(out, feed, mappings, whatIf.value, library,
                backtest), Gateway.expand(inputs));
        ProcessCommand.print(s, w);
        if (s.margin() != null && s.margin().stress() != null) {
            table(s.margin().stress(), loaded.scenarios(), w);
        }
        Path backtested = out.resolve("margin").resolve(BacktestJson.FILE);
        if (backtest != null && Files.isRegularFile(backtested)) {
            backtestTable(Json.MAPPER.readTree(backtested.toFile()), w);
        }
        w.flush();
        return s.internalErrors().isEmpty() ? 0 : 1;
    }

    /** Prints the problems of an input the run needs, if any: then nothing is processed. */
    private boolean refused(List<MappingProblem> problems, String what) {
        if (problems.isEmpty()) {
            return false;
        }
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(err::println);
        err.printf("stress: %d problem(s) in %s; nothing processed%n", problems.size(), what);
        err.flush();
        return true;
    }

    /**
     * The backtest's market level ({@code margin/backtest.json}): per regime, over the accounts and over the harmonized
     * portfolios, the observations, breaches, accounts breached, largest breach and achieved coverage.
     */
    static void backtestTable(JsonNode doc, PrintWriter w) {
        JsonNode series = doc.get("series");
        JsonNode market = doc.get("market");
        w.printf(Locale.ROOT, "backtest over %d days %s to %s (%s): %d of %d accounts and %d of %d harmonized "
                        + "portfolios tested%n", series.get("days").asInt(), series.get("from").asText(),
                series.get("to").asText(), series.get("folder").asText(), market.get("accountsTested").asInt(),
                market.get("accounts").asInt(), market.get("portfoliosTested").asInt(),
                market.get("portfolios").asInt());
        w.printf(Locale.ROOT, "%-10s %-11s %12s %9s %9s %18s %10s  %s%n", "over", "regime", "observations",
                "breaches", "breached", "largest (USD)", "coverage", "largest at");
        for (String over : List.of("accountRegimes", "portfolioRegimes")) {
            market.get(over).fields().forEachRemaining(e -> {
                JsonNode l = e.getValue();
                w.printf(Locale.ROOT, "%-10s %-11s %12d %9d %9d %18s %10s  %s%n",
                        over.startsWith("account") ? "accounts" : "portfolios", e.getKey(), l.get("observations").asLong(),
                        l.get("breaches").asLong(), l.get("breached").asInt(),
                        String.format(Locale.ROOT, "%,.2f", l.get("largestBreach").decimalValue()),
                        l.path("coverage").isNumber() ? String.format(Locale.ROOT, "%.2f %%",
                                l.get("coverage").asDouble() * 100) : "-", l.path("largestAt").asText(""));
            });
        }
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
