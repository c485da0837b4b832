package io.concord.gateway.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import io.concord.model.Lineage;
import io.concord.model.Sensitivity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code concord simm}: ISDA SIMM of CRIF files: one portfolio (the default), or with {@code --by-portfolio} every
 * portfolio of the files in one JVM, one line (CSV) or object (JSON) each.
 */
@Command(name = "simm", mixinStandardHelpOptions = true,
        description = "ISDA SIMM initial margin of CRIF files: total, per product class, risk class and measure, "
                + "the explain tree, and per regulation when rows carry PostRegulation(s) / CollectRegulation(s). "
                + "With --by-portfolio, every portfolio of the files in one run.")
public final class SimmCommand implements Callable<Integer> {

    @Option(names = "--crif", required = true, arity = "1..*", paramLabel = "DIR|FILE",
            description = "CRIF files (comma- or tab-separated), or folders of them (*.csv, *.tsv, *.txt)")
    List<Path> crif;

    @Option(names = "--by-portfolio",
            description = "compute every portfolio of the files (PortfolioID, or the file when it has none) in one run")
    boolean byPortfolio;

    @Option(names = "--horizon", defaultValue = "10d", paramLabel = "10d|1d",
            description = "margin period of risk: 10d or 1d (default: ${DEFAULT-VALUE})")
    String horizon;

    @Option(names = "--format", paramLabel = "json|text|csv",
            description = "output format: json or text for one portfolio (default json), csv or json with "
                    + "--by-portfolio (default csv)")
    String format;

    @Option(names = "--portfolio", paramLabel = "ID",
            description = "the PortfolioID to margin when the files hold several portfolios (SIMM nets only within one)")
    String portfolio;

    @Option(names = "--simm-version", defaultValue = ProcessCommand.SIMM_VERSION, paramLabel = "X.Y",
            description = "SIMM version: reads simm/simm-X.Y.yaml under --mappings (default: ${DEFAULT-VALUE})")
    String simmVersion;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings",
            description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** JSON numbers in plain notation at full precision (no 1.6E8); no date types, so no time module to load. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .registerModule(new SimpleModule().addSerializer(Double.class, new PlainDouble())
                    .addSerializer(double.class, new PlainDouble()));

    @Override
    public Integer call() throws Exception {
        Horizon h = Horizon.parse(horizon).orElseThrow(() -> usage("--horizon must be 10d or 1d, got '" + horizon
                + "'"));
        String fmt = format == null ? (byPortfolio ? "csv" : "json") : format;
        if (!(byPortfolio ? List.of("csv", "json") : List.of("json", "text")).contains(fmt)) {
            throw usage("--format must be " + (byPortfolio ? "csv or json with --by-portfolio" : "json or text")
                    + ", got '" + fmt + "'");
        }
        if (byPortfolio && portfolio != null) {
            throw usage("--portfolio chooses one portfolio; --by-portfolio computes them all: give one of them");
        }
        List<Path> files = files(crif);
        Path calibration = mappings.resolve("simm").resolve("simm-" + simmVersion + ".yaml");
        if (!Files.isRegularFile(calibration)) {
            throw usage("no calibration for SIMM " + simmVersion + ": " + calibration + " does not exist");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimmEngine engine = SimmEngine.load(calibration, h);
        int code = byPortfolio ? batch(engine, files, fmt, out, err) : one(engine, files, fmt, out, err);
        out.flush();
        err.flush();
        return code;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The files named: each file as given, each folder's CRIF files (*.csv, *.tsv, *.txt) in name order. */
    private List<Path> files(List<Path> given) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> in = s.filter(f -> Files.isRegularFile(f) && CRIF_FILE.matcher(
                            f.getFileName().toString()).matches()).sorted().toList();
                    if (in.isEmpty()) {
                        throw usage("--crif: no CRIF file (*.csv, *.tsv, *.txt) in folder " + p);
                    }
                    files.addAll(in);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw usage("--crif: no such file or folder: " + p);
            }
        }
        return files;
    }

    private static final java.util.regex.Pattern CRIF_FILE =
            java.util.regex.Pattern.compile("(?i)[^.].*\\.(csv|tsv|txt)");

    /** One portfolio: every row read must be accepted, and the files must hold one portfolio (or --portfolio). */
    private int one(SimmEngine engine, List<Path> files, String fmt, PrintWriter out, PrintWriter err)
            throws IOException {
        List<Sensitivity> rows = new ArrayList<>();
        List<RecordFailure> rejected = new ArrayList<>();
        for (Path f : files) {
            warn(err, f, read(f, rows, rejected));
        }
        if (!rejected.isEmpty()) {
            for (RecordFailure f : rejected) {
                err.println(describe(f));
            }
            err.printf("concord: %d CRIF row(s) rejected; no SIMM computed on an incomplete portfolio%n",
                    rejected.size());
            return 1;
        }
        Set<String> portfolios = new TreeSet<>();
        rows.forEach(s -> portfolios.add(portfolioOf(s)));
        if (portfolio != null) {
            if (!portfolios.contains(portfolio)) {
                err.println("concord: no CRIF row of portfolio '" + portfolio + "'; the files hold " + portfolios);
                return 1;
            }
            rows.removeIf(s -> !portfolio.equals(portfolioOf(s)));
        } else if (portfolios.size() > 1) {
            err.println("concord: the files hold " + portfolios.size() + " portfolios " + portfolios
                    + "; SIMM nets only within one: give --portfolio ID, or --by-portfolio for all of them");
            return 1;
        }
        SimmResult r;
        try {
            r = engine.compute(rows);
        } catch (SimmInputException e) {
            err.println("concord: " + e.getMessage());
            return 1;
        }
        if (fmt.equals("json")) {
            out.println(JSON.writeValueAsString(r));
        } else {
            text(r, out);
        }
        return 0;
    }

    /** The row's PortfolioID, {@code (none)} when the file has no such column. */
    private static String portfolioOf(Sensitivity s) {
        return s.account() == null ? "(none)" : s.account();
    }

    private static String describe(RecordFailure f) {
        return String.format("concord: %s %s: %s%s: %s", f.file(), f.location(), f.code(),
                f.field() == null ? "" : " (" + f.field() + ")", f.message());
    }

    private static void warn(PrintWriter err, Path file, List<String> warnings) {
        for (String w : warnings) {
            err.println("concord: warning: " + file.getFileName() + " " + w);
        }
    }

    /**
     * Reads a CRIF file with the standalone parser: accepted rows into {@code rows}, rejections into {@code bad};
     * returns the file's warnings (columns read past).
     */
    static List<String> read(Path file, List<Sensitivity> rows, List<RecordFailure> bad) throws IOException {
        return read(file, item -> {
            if (item instanceof SourceSensitivity ss) {
                rows.add(ss.sensitivity());
            } else {
                bad.add((RecordFailure) item);
            }
        });
    }

    private static List<String> read(Path file, java.util.function.Consumer<FeedItem> each) throws IOException {
        try (RecordStream s = CrifParser.standalone().open(Files.newInputStream(file),
                FeedFormats.describe(file, CrifParser.ID))) {
            while (s.hasNext()) {
                each.accept(s.next());
            }
            return s.warnings();
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // --by-portfolio

    /** One portfolio of a batch: its rows, or why it is not computed. */
    private static final class Batch {
        final String id;
        final Set<String> firms = new TreeSet<>();
        final List<Sensitivity> rows = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        long rejected;

        Batch(String id) {
            this.id = id;
        }
    }

    /**
     * The SIMM of one portfolio of a batch.
     *
     * @param firm      FirmLEI of its rows (null when the files name none)
     * @param portfolio PortfolioID, or the file name for a file without one
     * @param status    {@code computed}, or {@code rejected} (rows of it were rejected: not computed on an
     *                  incomplete portfolio) or {@code failed} (input SIMM cannot compute)
     * @param rows      rows accepted; {@code rejected} rows refused, each reported on stderr with its line
     * @param result    the result without its explain tree; null unless computed
     * @param errors    why it was not computed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PortfolioSimm(String firm, String portfolio, String status, long rows, long rejected, SimmSummary result,
                         List<String> errors) {
    }

    /** A {@link SimmResult} without its explain tree: what a batch line carries. */
    record SimmSummary(double total, double simm, SimmResult.AddOn addOn, long excluded,
                       Map<String, SimmResult.ProductClass> productClasses, SimmResult.Regulations regulations) {
        static SimmSummary of(SimmResult r) {
            return new SimmSummary(r.total(), r.portfolio().simm(), r.portfolio().addOn(), r.excluded(),
                    r.portfolio().productClasses(), r.regulations());
        }
    }

    private int batch(SimmEngine engine, List<Path> files, String fmt, PrintWriter out, PrintWriter err)
            throws IOException {
        Map<String, Batch> portfolios = new TreeMap<>();
        long[] read = new long[2]; // accepted, rejected
        List<String> unattributed = new ArrayList<>();
        for (Path f : files) {
            String fileName = f.getFileName().toString();
            // a file without a PortfolioID (or Account) column is one portfolio, named by the file
            boolean named = hasPortfolioColumn(f);
            warn(err, f, read(f, item -> {
                if (item instanceof SourceSensitivity ss && (!named || ss.sensitivity().account() != null)) {
                    Sensitivity s = ss.sensitivity();
                    read[0]++;
                    Batch b = portfolios.computeIfAbsent(named ? s.account() : fileName, Batch::new);
                    b.rows.add(s);
                    if (s.firmLei() != null) {
                        b.firms.add(s.firmLei());
                    }
                    return;
                }
                read[1]++;
                if (item instanceof SourceSensitivity ss) {
                    Lineage l = ss.sensitivity().lineage();
                    String where = l.file() + " " + l.location();
                    err.println("concord: " + where + ": MISSING_FIELD (PortfolioID): the row names no portfolio");
                    unattributed.add(where);
                    return;
                }
                RecordFailure x = (RecordFailure) item;
                err.println(describe(x));
                String id = !named || x.record() == 0 ? fileName : attribute(x.attributes(), "portfolioid", "account");
                if (id == null) {
                    unattributed.add(x.file() + " " + x.location());
                    return;
                }
                Batch b = portfolios.computeIfAbsent(id, Batch::new);
                b.rejected++;
                b.errors.add(x.file() + " " + x.location() + ": " + x.code()
                        + (x.field() == null ? "" : " (" + x.field() + ")") + ": " + x.message());
            }));
        }
        List<Batch> list = new ArrayList<>(portfolios.values());
        // portfolios are independent: computed in parallel, written in portfolio order
        List<PortfolioSimm> results = list.parallelStream().map(b -> compute(engine, b)).toList();
        long failed = results.stream().filter(r -> !r.status().equals("computed")).count();
        if (fmt.equals("json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", engine.parameters().version());
            doc.put("horizon", engine.parameters().horizon().label());
            doc.put("currency", engine.parameters().calculationCurrency());
            doc.put("portfolios", results);
            doc.put("rowsRead", read[0] + read[1]);
            doc.put("rowsAccepted", read[0]);
            doc.put("rowsRejected", read[1]);
            if (!unattributed.isEmpty()) {
                doc.put("rejectedRowsOfNoPortfolio", unattributed);
            }
            out.println(JSON.writeValueAsString(doc));
        } else {
            csv(results, out);
        }
        err.printf(Locale.ROOT, "concord: %d portfolio(s): %d computed, %d not computed; %d CRIF row(s) read = %d "
                + "accepted + %d rejected%s%n", results.size(), results.size() - failed, failed, read[0] + read[1],
                read[0], read[1], unattributed.isEmpty() ? ""
                        : " (" + unattributed.size() + " rejected row(s) name no portfolio)");
        return failed == 0 && unattributed.isEmpty() ? 0 : 1;
    }

    /** Whether the file's header has a PortfolioID (or Account) column. */
    private static boolean hasPortfolioColumn(Path file) throws IOException {
        try (var r = Files.newBufferedReader(file)) {
            String header = r.readLine();
            if (header == null) {
                return false;
            }
            for (String c : header.split(header.contains("\t") ? "\t" : ",")) {
                String n = c.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                if (n.equals("portfolioid") || n.equals("account")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static PortfolioSimm compute(SimmEngine engine, Batch b) {
        String firm = b.firms.isEmpty() ? null : String.join(" ", b.firms);
        if (b.rejected > 0) {
            return new PortfolioSimm(firm, b.id, "rejected", b.rows.size(), b.rejected, null, List.copyOf(b.errors));
        }
        if (b.firms.size() > 1) {
            return new PortfolioSimm(firm, b.id, "failed", b.rows.size(), 0, null, List.of("rows of " + b.firms.size()
                    + " firms " + b.firms + " name PortfolioID '" + b.id + "': SIMM nets only within one portfolio"));
        }
        try {
            return new PortfolioSimm(firm, b.id, "computed", b.rows.size(), 0,
                    SimmSummary.of(engine.compute(b.rows)), null);
        } catch (SimmInputException e) {
            return new PortfolioSimm(firm, b.id, "failed", b.rows.size(), 0, null, List.of(e.getMessage()));
        }
    }

    /** The value of the first of {@code names} (normalized header names) among a rejected row's columns. */
    private static String attribute(Map<String, String> attributes, String... names) {
        for (var e : attributes.entrySet()) {
            String n = e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            for (String want : names) {
                if (n.equals(want) && e.getValue() != null && !e.getValue().isBlank()) {
                    return e.getValue().trim();
                }
            }
        }
        return null;
    }

    static final List<String> CSV_HEADER = List.of("FirmLEI", "PortfolioID", "Status", "Rows", "RejectedRows",
            "ExcludedRows", "TotalUSD", "SimmUSD", "AddOnUSD", "RatesFX", "Credit", "Equity", "Commodity",
            "CollectWorstRegulation", "CollectWorstUSD", "PostWorstRegulation", "PostWorstUSD", "Error");

    /** One CSV line per portfolio: totals, product classes, the worst regulation of each side, or the error. */
    private static void csv(List<PortfolioSimm> results, PrintWriter out) {
        out.println(String.join(",", CSV_HEADER));
        for (PortfolioSimm p : results) {
            SimmSummary r = p.result();
            List<String> cells = new ArrayList<>();
            cells.add(nz(p.firm()));
            cells.add(p.portfolio());
            cells.add(p.status());
            cells.add(Long.toString(p.rows()));
            cells.add(Long.toString(p.rejected()));
            cells.add(r == null ? "" : Long.toString(r.excluded()));
            cells.add(r == null ? "" : plain(r.total()));
            cells.add(r == null ? "" : plain(r.simm()));
            cells.add(r == null ? "" : plain(r.addOn().total()));
            for (String pc : List.of("RatesFX", "Credit", "Equity", "Commodity")) {
                SimmResult.ProductClass m = r == null ? null : r.productClasses().get(pc);
                cells.add(m == null ? "" : plain(m.margin()));
            }
            SimmResult.Regulations regs = r == null ? null : r.regulations();
            for (SimmResult.Side side : regs == null ? List.<SimmResult.Side>of()
                    : List.of(regs.collect(), regs.post())) {
                cells.add(nz(side.worst()));
                cells.add(side.worst() == null ? "" : plain(side.worstTotal()));
            }
            while (cells.size() < CSV_HEADER.size() - 1) {
                cells.add("");
            }
            cells.add(p.errors() == null ? "" : String.join("; ", p.errors()));
            out.println(String.join(",", cells.stream().map(SimmCommand::csvCell).toList()));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).toPlainString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
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
