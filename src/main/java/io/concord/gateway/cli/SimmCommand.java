package io.concord.gateway.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceSensitivity;
import io.concord.feed.crif.CrifParser;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmInputException;
import io.concord.margin.simm.SimmResult;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code concord simm}: ISDA SIMM of one CRIF file. */
@Command(name = "simm", mixinStandardHelpOptions = true,
        description = "ISDA SIMM initial margin of a CRIF file: total, per product class, risk class and measure, "
                + "the explain tree, and per regulation when rows carry PostRegulation / CollectRegulation.")
public final class SimmCommand implements Callable<Integer> {

    @Option(names = "--crif", required = true, paramLabel = "FILE", description = "CRIF file (comma- or tab-separated)")
    Path crif;

    @Option(names = "--horizon", defaultValue = "10d", paramLabel = "10d|1d",
            description = "margin period of risk: 10d or 1d (default: ${DEFAULT-VALUE})")
    String horizon;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text",
            description = "output format: json or text (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--portfolio", paramLabel = "ID",
            description = "the PortfolioID to margin when the file holds several portfolios (SIMM nets only within one)")
    String portfolio;

    @Option(names = "--simm-version", defaultValue = ProcessCommand.SIMM_VERSION, paramLabel = "X.Y",
            description = "SIMM version: reads simm/simm-X.Y.yaml under --mappings (default: ${DEFAULT-VALUE})")
    String simmVersion;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings",
            description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** JSON numbers in plain notation at full precision (no 1.6E8). */
    static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Double.class, new PlainDouble())
                    .addSerializer(double.class, new PlainDouble()));

    @Override
    public Integer call() throws Exception {
        Horizon h = Horizon.parse(horizon).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--horizon must be 10d or 1d, got '" + horizon + "'"));
        if (!format.equals("json") && !format.equals("text")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be json or text, got '"
                    + format + "'");
        }
        if (!Files.isRegularFile(crif)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--crif: no such file: " + crif);
        }
        Path calibration = mappings.resolve("simm").resolve("simm-" + simmVersion + ".yaml");
        if (!Files.isRegularFile(calibration)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no calibration for SIMM " + simmVersion
                    + ": " + calibration + " does not exist");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Sensitivity> rows = new ArrayList<>();
        List<RecordFailure> rejected = new ArrayList<>();
        read(crif, rows, rejected);
        if (!rejected.isEmpty()) {
            for (RecordFailure f : rejected) {
                err.printf("concord: %s %s: %s%s: %s%n", f.file(), f.location(), f.code(),
                        f.field() == null ? "" : " (" + f.field() + ")", f.message());
            }
            err.printf("concord: %d CRIF row(s) rejected; no SIMM computed on an incomplete portfolio%n",
                    rejected.size());
            err.flush();
            return 1;
        }
        Set<String> portfolios = new TreeSet<>();
        rows.forEach(s -> portfolios.add(portfolioOf(s)));
        if (portfolio != null) {
            if (!portfolios.contains(portfolio)) {
                err.println("concord: no CRIF row of portfolio '" + portfolio + "'; the file holds " + portfolios);
                err.flush();
                return 1;
            }
            rows.removeIf(s -> !portfolio.equals(portfolioOf(s)));
        } else if (portfolios.size() > 1) {
            err.println("concord: the file holds " + portfolios.size() + " portfolios " + portfolios
                    + "; SIMM nets only within one: give --portfolio ID");
            err.flush();
            return 1;
        }
        SimmResult r;
        try {
            r = SimmEngine.load(calibration, h).compute(rows);
        } catch (SimmInputException e) {
            err.println("concord: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (format.equals("json")) {
            out.println(JSON.writeValueAsString(r));
        } else {
            text(r, out);
        }
        out.flush();
        return 0;
    }

    /** The row's PortfolioID, {@code (none)} when the file has no such column. */
    private static String portfolioOf(Sensitivity s) {
        return s.account() == null ? "(none)" : s.account();
    }

    /** Reads a CRIF file with the standalone parser: accepted rows into {@code rows}, rejections into {@code bad}. */
    static void read(Path file, List<Sensitivity> rows, List<RecordFailure> bad) throws IOException {
        try (RecordStream s = CrifParser.standalone().open(Files.newInputStream(file),
                FeedFormats.describe(file, CrifParser.ID))) {
            while (s.hasNext()) {
                FeedItem item = s.next();
                if (item instanceof SourceSensitivity ss) {
                    rows.add(ss.sensitivity());
                } else {
                    bad.add((RecordFailure) item);
                }
            }
        }
    }

    static void text(SimmResult r, PrintWriter w) {
        SimmResult.Portfolio p = r.portfolio();
        w.printf("SIMM %s, %s, %s: total %s (%d sensitivities%s)%n", r.version(), r.horizon(), r.currency(),
                money(r.total()), r.sensitivities(), r.excluded() > 0 ? ", " + r.excluded() + " non-SIMM rows excluded" : "");
        w.printf("  SIMM before add-ons %s; add-on %s (product-class multipliers %s, fixed %s, notional factor %s)%n",
                money(p.simm()), money(p.addOn().total()), money(p.addOn().productClassMultiplier()),
                money(p.addOn().fixedAmount()), money(p.addOn().notionalFactor()));
        for (var pc : p.productClasses().entrySet()) {
            w.printf("  %-20s %s%s%n", pc.getKey(), money(pc.getValue().margin()),
                    pc.getValue().multiplier() != 1 ? "  (multiplier " + pc.getValue().multiplier() + ")" : "");
            for (var rc : pc.getValue().riskClasses().entrySet()) {
                SimmResult.Measures m = rc.getValue();
                w.printf("    %-20s %s  delta %s, vega %s, curvature %s, baseCorr %s%n", rc.getKey(), money(m.margin()),
                        money(m.delta()), money(m.vega()), money(m.curvature()), money(m.baseCorr()));
            }
        }
        if (r.regulations() != null) {
            side(w, "collect", r.regulations().collect());
            side(w, "post", r.regulations().post());
        }
    }

    private static void side(PrintWriter w, String name, SimmResult.Side s) {
        w.printf("  %s: ", name);
        if (s.byRegulation().isEmpty()) {
            w.println("no regulation named");
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : s.byRegulation().entrySet()) {
            parts.add(e.getKey() + " " + money(e.getValue()));
        }
        w.printf("%s; worst %s %s%s%n", String.join(", ", parts), s.worst(), money(s.worstTotal()),
                s.unregulated() > 0 ? " (" + s.unregulated() + " row(s) name no regulation)" : "");
    }

    private static String money(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    private static final class PlainDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                gen.writeString(value.toString());
            } else {
                gen.writeNumber(BigDecimal.valueOf(value));
            }
        }
    }
}
