package io.concord.gateway.cli;

import io.concord.feed.Attr;
import io.concord.feed.FeedFormats;
import io.concord.gateway.runtime.Gateway;
import io.concord.mapping.Coverage;
import io.concord.mapping.ExampleRunner;
import io.concord.mapping.Explainer;
import io.concord.mapping.MappingLint;
import io.concord.mapping.MappingProblem;
import io.concord.mapping.MappingSet;
import io.concord.mapping.Normalizer;
import io.concord.mapping.ProductDefinition;
import io.concord.model.Product;
import io.concord.model.ReasonCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code concord mappings lint|test|explain|coverage}: the mapping maintainer's tools. */
@Command(name = "mappings", mixinStandardHelpOptions = true,
        description = "Tools for mapping maintainers: check, test, explain and measure the product mappings.",
        subcommands = {MappingsCommand.Lint.class, MappingsCommand.Test.class, MappingsCommand.Explain.class,
                MappingsCommand.CoverageCommand.class})
public final class MappingsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a mappings command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The mappings folder option every subcommand takes. */
    static class MappingsDir {
        @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings",
                description = "mappings folder (default: ${DEFAULT-VALUE})")
        Path dir;
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Check every mapping file: schema, taxonomy codes, ids, and pairs of definitions that can "
                    + "match the same record. Prints FILE:LINE: problem; exits 1 when there is any.")
    static final class Lint implements Callable<Integer> {
        @CommandLine.Mixin
        MappingsDir mappings;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<MappingProblem> problems = new java.util.ArrayList<>(MappingLint.lint(mappings.dir,
                    FeedFormats.standard().ids()));
            // the stress scenario library, when the folder has one: every scenario and move must cite its source
            java.nio.file.Path stress = mappings.dir.resolve(io.concord.margin.stress.StressScenarios.DIR);
            int scenarios = 0;
            if (java.nio.file.Files.isDirectory(stress)) {
                var loaded = io.concord.margin.stress.StressScenarios.read(stress);
                problems.addAll(loaded.problems());
                scenarios = loaded.scenarios().size();
            }
            problems.forEach(out::println);
            List<MappingProblem> warnings = notMargined(mappings.dir);
            warnings.forEach(w -> out.println(w.file() + ":" + w.line() + ": warning: " + w.message()));
            String warned = warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)";
            if (problems.isEmpty()) {
                MappingSet set = MappingSet.load(mappings.dir);
                out.printf("lint: %d definitions, %d taxonomy codes%s: no problems%s (mappings %s)%n",
                        set.definitions().size(), set.taxonomy().nodes().size(),
                        scenarios > 0 ? ", " + scenarios + " stress scenarios" : "", warned, set.version());
            } else {
                out.printf("lint: %d problem(s)%s%n", problems.size(), warned);
            }
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }

        /**
         * The definitions that load whose product no silo can margin with the folder's risk parameters, whatever the
         * record (the check {@code mappings coverage} makes of a feed's positions, here of each definition's examples,
         * less what depends on the record's terms): a
         * warning at the first such example, not a problem, since a product may be mapped before its silo's
         * parameters exist. None when the folder has no {@code risk/}.
         */
        private static List<MappingProblem> notMargined(Path dir) {
            Path risk = dir.resolve("risk");
            var set = MappingSet.read(dir).set();
            if (set.isEmpty() || !java.nio.file.Files.isDirectory(risk)) {
                return List.of();
            }
            io.concord.margin.engine.MarginGaps gaps = new io.concord.margin.engine.MarginGaps(set.get().taxonomy(),
                    io.concord.margin.engine.RiskParameters.load(risk));
            Normalizer normalizer = new Normalizer(set.get());
            List<MappingProblem> warnings = new java.util.ArrayList<>();
            for (ProductDefinition d : set.get().definitions()) {
                for (ProductDefinition.Example e : d.examples()) {
                    Product p = normalizer.product(d, e.given()).product();
                    var why = p == null ? java.util.Optional.<String>empty() : gaps.unmarginable(p);
                    if (why.isPresent()) {
                        warnings.add(new MappingProblem(d.file(), e.line(), io.concord.margin.engine.MarginGaps.describe(
                                d.id(), p, why.get())));
                        break;
                    }
                }
            }
            return warnings;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run every definition's examples through the normalizer: each must match its definition "
                    + "alone and give the expected product. Exits 1 on any failure, naming it.")
    static final class Test implements Callable<Integer> {
        @CommandLine.Mixin
        MappingsDir mappings;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MappingSet set = MappingSet.load(mappings.dir);
            List<ExampleRunner.Outcome> outcomes = ExampleRunner.run(set);
            long failed = outcomes.stream().filter(o -> !o.passed()).peek(o -> out.println("FAIL " + o)).count();
            out.printf("test: %d examples of %d definitions: %d passed, %d failed (mappings %s)%n", outcomes.size(),
                    set.definitions().size(), outcomes.size() - failed, failed, set.version());
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Show which definition maps a record and why, or for the nearest definitions which "
                    + "condition failed. Exits 1 when the record would not map to exactly one product.")
    static final class Explain implements Callable<Integer> {
        @CommandLine.Mixin
        MappingsDir mappings;

        @Option(names = "--feed", required = true, description = "feed id of the record, e.g. sec-bd-positions")
        String feed;

        @Option(names = "--collateral", description = "the attributes are a collateral line's (matched against "
                + "COLLATERAL/... definitions), not a position's")
        boolean collateral;

        @Parameters(arity = "0..*", paramLabel = "ATTRIBUTE=VALUE",
                description = "the record's product attributes, e.g. securityType=ETF cusip=46438F101")
        List<String> pairs = List.of();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ProcessCommand.checkFeed(feed, spec); // --feed is required here, so never null
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, feed);
            for (String p : pairs) {
                int eq = p.indexOf('=');
                if (eq < 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "expected ATTRIBUTE=VALUE, got '" + p + "'");
                }
                attrs.put(p.substring(0, eq), p.substring(eq + 1));
            }
            MappingSet set = MappingSet.load(mappings.dir);
            Explainer.Explanation e = new Explainer(new Normalizer(set)).explain(attrs, collateral);
            PrintWriter out = spec.commandLine().getOut();
            out.println("record: " + attrs);
            boolean mapped = false;
            if (e.matched().isEmpty()) {
                out.println(ReasonCode.UNMAPPED_PRODUCT + ": no definition matches. Nearest definitions for feed "
                        + feed + ":");
                e.nearMisses().forEach(c -> print(out, c, c.failed() + " of " + c.checks().size()
                        + " conditions fail"));
                if (e.nearMisses().isEmpty()) {
                    out.println("  (none: no definition is restricted to this feed or open to every feed)");
                }
            } else if (e.matched().size() > 1) {
                out.println(ReasonCode.AMBIGUOUS_PRODUCT + ": " + e.matched().size() + " definitions match, so "
                        + "none is chosen:");
                e.matched().forEach(c -> print(out, c, "matches"));
            } else {
                Normalizer.ProductOrFailure p = e.product();
                print(out, e.matched().get(0), "matches");
                if (p.code() != null) {
                    out.println(p.code() + ": " + p.message());
                } else {
                    Product pr = p.product();
                    out.printf("MAPPED: %s (%s, %s), risk factor %s, multiplier %s, currency %s, margin key %s%n",
                            pr.taxonomy(), pr.agency(), pr.regime(), pr.riskFactor(),
                            pr.multiplier().toPlainString(), pr.currency(), pr.marginKey());
                    mapped = true;
                }
            }
            out.println("(mappings " + set.version() + ")");
            out.flush();
            return mapped ? 0 : 1;
        }

        private static void print(PrintWriter out, Explainer.Candidate c, String verdict) {
            ProductDefinition d = c.definition();
            out.printf("  %s v%d (%s:%d): %s%n", d.id(), d.version(), d.file(), d.line(), verdict);
            c.checks().forEach(ch -> out.printf("    %-4s %s%n", ch.holds() ? "ok" : "FAIL", ch));
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true,
            description = "Parse and normalize feed files and print, per feed, how many records map to a product "
                    + "and how many do not, with the unmapped products' attributes. --check compares with a "
                    + "coverage file (exit 1 when they differ); --update writes one.")
    static final class CoverageCommand implements Callable<Integer> {
        @CommandLine.Mixin
        MappingsDir mappings;

        @Option(names = "--feed", description = "feed id of every input (default: detected from each file)")
        String feed;

        @CommandLine.ArgGroup(exclusive = true)
        Ratchet ratchet;

        static final class Ratchet {
            @Option(names = "--check", paramLabel = "FILE", description = "compare with this coverage file")
            Path check;

            @Option(names = "--update", paramLabel = "FILE", description = "write the measured coverage here")
            Path update;
        }

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "feed files or folders (searched recursively)")
        List<Path> inputs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MappingSet set = MappingSet.load(mappings.dir);
            io.concord.margin.engine.MarginGaps gaps = new io.concord.margin.engine.MarginGaps(set.taxonomy(), io.concord.margin.engine.RiskParameters.load(
                    mappings.dir.resolve("risk")));
            Coverage.Report r = Coverage.measure(set, FeedFormats.standard(), feed, Gateway.expand(inputs), gaps);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-20s %8s %8s %9s %10s %9s %14s%n", "feed", "records", "mapped", "unmapped", "ambiguous",
                    "rejected", "sensitivities");
            r.feeds().forEach((id, c) -> out.printf("%-20s %8d %8d %9d %10d %9d %14d%n", id, c.records(),
                    c.mapped(), c.unmapped(), c.ambiguous(), c.rejected(), c.sensitivities()));
            r.unmappedProducts().forEach((id, products) -> products.forEach((attrs, n) ->
                    out.printf("  %s: %s (%d record%s)%n", id, attrs, n, n == 1 ? "" : "s")));
            gaps.gaps().forEach((what, n) -> out.printf("  %s (%d record%s)%n", what, n, n == 1 ? "" : "s"));
            out.println("(mappings " + set.version() + ")");
            int status = 0;
            if (ratchet != null && ratchet.update != null) {
                Coverage.write(ratchet.update, r);
                out.println("coverage written to " + ratchet.update);
            } else if (ratchet != null && ratchet.check != null) {
                List<String> diffs = Coverage.compare(Coverage.read(ratchet.check), r.feeds());
                diffs.forEach(d -> out.println("coverage: " + d));
                if (!diffs.isEmpty()) {
                    out.println("coverage differs from " + ratchet.check + " (to accept it: --update "
                            + ratchet.check + ")");
                    status = 1;
                }
            }
            out.flush();
            return status;
        }
    }
}
