package io.concord.gateway.runtime;

import io.concord.feed.FeedFormats;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.StateOutputs;
import io.concord.gateway.routes.ErrorHandling;
import io.concord.gateway.routes.IngestRoutes;
import io.concord.mapping.MappingSet;
import io.concord.margin.engine.MarginEngine;
import io.concord.margin.stress.StressScenarios;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs a {@link ProcessRun} through the Camel routes in camel-main, one file at a time. */
public final class Gateway {

    private Gateway() {
    }

    /**
     * A run with the margin stage (SIMM for CRIF accounts, harmonized margin; {@code whatIf} as {@code --what-if})
     * and the regulator views: what {@code process} runs.
     */
    public static ProcessRun standardRun(Path out, String feed, Path mappings, String whatIf) throws IOException {
        return standardRun(out, feed, mappings, whatIf, null, null);
    }

    /**
     * {@link #standardRun(Path, String, Path, String)} with the stress scenarios of {@code scenarios} (a folder or one
     * file) in place of the mappings folder's {@code stress/}; null keeps those. With {@code backtest} (a folder of
     * dated market data files, null for none) the run is also backtested over it ({@code margin/backtest.json}).
     */
    public static ProcessRun standardRun(Path out, String feed, Path mappings, String whatIf, Path scenarios,
                                         Path backtest) throws IOException {
        MappingSet set = MappingSet.load(mappings);
        StateOutputs.Engines engines = StateOutputs.Engines.load(mappings, set);
        if (MarginEngine.WHAT_IF_ALL.equals(whatIf)) {
            engines = engines.withMargin(engines.margin().harmonizeAll());
        }
        if (scenarios != null) {
            engines = engines.withStress(StressScenarios.load(scenarios));
        }
        if (backtest != null) {
            engines = engines.withBacktest(io.concord.margin.stress.BacktestSeries.load(backtest));
        }
        return new ProcessRun(out, set, FeedFormats.standard(), feed, engines);
    }

    /** Runs the files through the ingest routes, configured by {@code config}: what {@code process} runs. */
    public static RunSummary process(ConcordConfig config, ProcessRun run, List<Path> files) throws Exception {
        return process(config, run, files, new IngestRoutes(run));
    }

    /**
     * Runs the files through {@code routes} (the ingest routes and any others, e.g. the bus), with Camel configured
     * by {@code config} ({@link ConcordConfig#camelProperties()}).
     */
    public static RunSummary process(ConcordConfig config, ProcessRun run, List<Path> files,
                                     RoutesBuilder... routes) throws Exception {
        Main main = new Main();
        config.camelProperties().forEach(main::addOverrideProperty);
        main.configure().addRoutesBuilder(new ErrorHandling(run));
        for (RoutesBuilder r : routes) {
            main.configure().addRoutesBuilder(r);
        }
        main.start();
        try {
            CamelContext ctx = main.getCamelContext();
            String ingest = ctx.resolvePropertyPlaceholders("{{concord.endpoint.ingest}}");
            try (ProducerTemplate template = ctx.createProducerTemplate()) {
                for (Path f : files) {
                    template.requestBody(ingest, f);
                }
            }
        } finally {
            main.stop();
        }
        return run.finish();
    }

    /**
     * The files named, with folders expanded recursively, in a stable order. Hidden files and {@code README*}
     * files are not feeds and are skipped.
     */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(Files::isRegularFile).filter(Gateway::isFeedFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new IOException(in + ": no such file or folder");
            }
        }
        return files;
    }

    private static boolean isFeedFile(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && !name.startsWith("README") && !name.startsWith("SOURCES");
    }
}
