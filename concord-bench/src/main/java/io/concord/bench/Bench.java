package io.concord.bench;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceSensitivity;
import io.concord.feed.crif.CrifParser;
import io.concord.gateway.StageClock;
import io.concord.margin.MarginAccount;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmSilo;
import io.concord.model.Sensitivity;
import io.concord.report.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code concord bench}: generates the feeds ({@link FeedGenerator}), measures the raw floor ({@link RawFloor})
 * and Concord's {@code process} pipeline on the same files in the same JVM, then SIMM on CRIF rows, and reports
 * records/s, MB/s, wall time and peak heap per stage, the ratio to the floor and the targets of issue #10.
 */
public final class Bench {

    /**
     * What to run: record counts, the work folder (generated feeds and outputs) and the mappings; {@code kafka} the
     * bootstrap servers of a broker to measure the Kafka bus against (null: not measured) on a feed of
     * {@code busPositions} positions.
     */
    public record Options(long positions, int accounts, long crifRows, int crifPortfolios, Path work, Path mappings,
                          String kafka, long busPositions) {
    }

    /** One measured stage. {@code records} and {@code megabytes} are what it read (0 when not a reading stage). */
    public record StageRow(String stage, long records, double seconds, double recordsPerSecond, double mbPerSecond,
                           double peakHeapMb) {
    }

    /** A feed's end-to-end figures against its floor. */
    public record FeedFigures(long records, long accepted, long rejected, double megabytes, double seconds,
                              double recordsPerSecond, double mbPerSecond, double floorSeconds,
                              double floorRecordsPerSecond, double ratio, double workbookSeconds,
                              double marginSeconds, double marginPassPeakHeapMb, String failure,
                              double parseFloorRecordsPerSecond, double normalizerRecordsPerSecond) {
    }

    /** A target of the issue, what was measured, and whether it is met. */
    public record Target(String target, String measured, boolean met) {
    }

    /** The targets as every bench mode prints them, one line each, then flushes. */
    static void printTargets(List<Target> targets, java.io.PrintWriter w) {
        w.println("targets:");
        for (Target t : targets) {
            w.printf("  [%s] %s: %s%n", t.met() ? "met" : "NOT MET", t.target(), t.measured());
        }
        w.flush();
    }

    public record Report(long positions, int accounts, String machine, long maxHeapMb, double loadAverage,
                         double wallSeconds, double cpuSeconds, FeedFigures csv,
                         FeedFigures fixml, int marginAccounts, long marginPositions, double marginSeconds,
                         double marginAccountsPerSecond, long simmRows, int simmPortfolios, double simmSeconds,
                         double simmRowsPerSecond, long workbookRows, double workbookSeconds,
                         double workbookRowsPerSecond, double peakHeapMb, List<StageRow> stages, List<Target> targets,
                         BusBench bus, SimmBench.Figures simmCommand) {
    }

    private static final double MB = 1024.0 * 1024.0;

    private final Options o;
    private final List<StageRow> stages = new ArrayList<>();

    public Bench(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        StageClock.sampleHeap();
        double load = os().getSystemLoadAverage();
        long wallStart = System.nanoTime();
        long cpuStart = cpuNanos();
        Files.createDirectories(o.work());
        FeedGenerator gen = new FeedGenerator(20261120L);
        Path csv = o.work().resolve("feeds/positions-bench.csv");
        Path fixml = o.work().resolve("feeds/posrpt-bench.xml");
        Path crif = o.work().resolve("feeds/crif-bench.csv");
        long csvBytes = generate("generate CSV positions", o.positions(),
                () -> gen.secPositions(csv, o.positions(), o.accounts()));
        long fixmlBytes = generate("generate FIXML PosRpt", o.positions(),
                () -> gen.fixmlPositions(fixml, o.positions(), o.accounts()));
        long crifBytes = generate("generate CRIF", o.crifRows(), () -> gen.crif(crif, o.crifRows(), o.crifPortfolios()));

        FeedFigures csvFigures = feed("csv", csv, csvBytes);
        FeedFigures fixmlFigures = feed("fixml", fixml, fixmlBytes);
        double[] simm = simm(crif, crifBytes);
        // the simm command as a user runs it: start-up on one portfolio, and every portfolio in one run
        Path onePortfolio = o.work().resolve("feeds/crif-one-portfolio.csv");
        long oneRows = Math.min(1000, o.crifRows());
        gen.crif(onePortfolio, oneRows, 1);
        SimmBench.Figures simmCommand = SimmBench.measure(onePortfolio, oneRows, crif, o.crifPortfolios(),
                o.mappings(), o.work());
        stages.add(new StageRow(String.format(Locale.ROOT, "simm command start-up (%s, one portfolio, median of %d)",
                simmCommand.launcher(), SimmBench.RUNS), oneRows, simmCommand.startupSeconds(), 0, 0, 0));
        stages.add(new StageRow(String.format(Locale.ROOT, "simm --by-portfolio (%d portfolios, one JVM)",
                simmCommand.batchPortfolios()), o.crifRows(), simmCommand.batchSeconds(),
                o.crifRows() / simmCommand.batchSeconds(), 0, 0));
        // process as a per-file scheduler job starts it: a 5-position file, every output
        Path fivePositions = o.work().resolve("feeds/positions-five.csv");
        gen.secPositions(fivePositions, 5, 1);
        double processStartup = SimmBench.processStartup(fivePositions, o.mappings(), o.work());
        stages.add(new StageRow(String.format(Locale.ROOT, "process start-up (%s, 5 positions, every output, "
                + "median of %d)", simmCommand.launcher(), SimmBench.RUNS), 5, processStartup, 0, 0, 0));
        BusBench bus = null;
        if (o.kafka() != null) {
            long n = Math.min(o.busPositions(), o.positions());
            Path busFeed = o.work().resolve("feeds/positions-bus.csv");
            generate("generate CSV positions for the bus", n, () -> gen.secPositions(busFeed, n,
                    (int) Math.min(o.accounts(), n)));
            bus = BusBench.measure(busFeed, o.work().resolve("bus"), o.mappings(), o.kafka(), 2, 12);
            stages.add(new StageRow("bus in-process (ingest to last record applied)", bus.records(),
                    bus.inProcessSeconds(), bus.inProcessRecordsPerSecond(), 0, 0));
            stages.add(new StageRow("bus Kafka, 2 workers, 12 partitions (same)", bus.records(), bus.kafkaSeconds(),
                    bus.kafkaRecordsPerSecond(), 0, 0));
        }

        // the slower of the two books' margin: Reg T and strategies (CSV), SPAN (FIXML); a failed run has none
        double marginSeconds = Math.max(csvFigures.marginSeconds(), fixmlFigures.marginSeconds());
        double workbookSeconds = csvFigures.workbookSeconds();
        double peak = stages.stream().mapToDouble(StageRow::peakHeapMb).max().orElse(0);
        long maxHeapMb = Math.round(Runtime.getRuntime().maxMemory() / MB);
        List<Target> targets = List.of(
                new Target(String.format(Locale.ROOT, "%,d CSV positions end to end (no workbooks) >= 70%% of the "
                        + "raw floor", o.positions()), outcome(csvFigures), csvFigures.ratio() >= 0.7),
                new Target(String.format(Locale.ROOT, "%,d FIXML positions end to end (no workbooks) >= 70%% of the "
                        + "StAX + JAXB floor", o.positions()), outcome(fixmlFigures), fixmlFigures.ratio() >= 0.7),
                new Target("the whole run inside -Xmx512m", String.format(Locale.ROOT, "floors and pipelines each in a "
                        + "JVM with -Xmx%s, generation and SIMM in this one (max heap %d MB); peak %.0f MB", HEAP,
                        maxHeapMb, peak), maxHeapMb <= 512 && csvFigures.failure() == null && fixmlFigures.failure() == null),
                wholeJob("CSV", csvFigures), wholeJob("FIXML", fixmlFigures),
                new Target("margin workbooks >= 50,000 rows/s (the CSV book's Positions sheet and explain rows)",
                        workbookSeconds == 0 ? "not run" : String.format(Locale.ROOT, "%,.0f rows/s (%,d rows in %s)",
                                o.positions() / workbookSeconds, o.positions(), secs(workbookSeconds)),
                        workbookSeconds > 0 && o.positions() / workbookSeconds >= 50_000),
                new Target(String.format(Locale.ROOT, "margin for %,d accounts (%,d positions) in under 2 s (the "
                        + "slower book, per margin thread)", o.accounts(), o.positions()),
                        marginSeconds == 0 ? "not run" : secs(marginSeconds), marginSeconds > 0 && marginSeconds < 2),
                new Target("process of a 5-position file in <= 1.5 s wall (start-up, " + simmCommand.launcher() + ")",
                        secs(processStartup), processStartup <= 1.5),
                new Target("the normalizer alone >= 1,000,000 records/s per thread (CSV and FIXML records, warm, "
                        + "CPU time)",
                        String.format(Locale.ROOT, "CSV %,.0f, FIXML %,.0f records/s",
                                csvFigures.normalizerRecordsPerSecond(), fixmlFigures.normalizerRecordsPerSecond()),
                        Math.min(csvFigures.normalizerRecordsPerSecond(), fixmlFigures.normalizerRecordsPerSecond())
                                >= 1_000_000),
                new Target(String.format(Locale.ROOT, "SIMM on %,d CRIF rows in under 2 s", o.crifRows()),
                        secs(simm[0]), simm[0] < 2),
                new Target(String.format(Locale.ROOT, "a %,d-row positions sheet written with SXSSF inside the heap",
                        o.positions()), secs(workbookSeconds) + String.format(Locale.ROOT, ", heap peak of the "
                        + "margin pass that writes it %.0f MB", csvFigures.marginPassPeakHeapMb()),
                        workbookSeconds > 0 && csvFigures.failure() == null));
        return new Report(o.positions(), o.accounts(), machine(), maxHeapMb, load,
                (System.nanoTime() - wallStart) / 1e9, (cpuNanos() - cpuStart + childCpuNanos) / 1e9, csvFigures, fixmlFigures, o.accounts(),
                o.positions(), marginSeconds, rate(o.accounts(), marginSeconds), o.crifRows(), o.crifPortfolios(), simm[0],
                rate(o.crifRows(), simm[0]), o.positions(), workbookSeconds, rate(o.positions(), workbookSeconds), peak,
                List.copyOf(stages), targets, bus, simmCommand);
    }

    /** The whole job's wall time limit: 60 s per 1,000,000 positions (the figure, pro rata). */
    static final double WHOLE_JOB_SECONDS_PER_MILLION = 60;

    /** {@code process} of the feed with every output, workbooks included, against the limit pro rata. */
    private Target wholeJob(String feed, FeedFigures f) {
        double limit = WHOLE_JOB_SECONDS_PER_MILLION * o.positions() / 1e6;
        double whole = f.seconds() + f.workbookSeconds();
        return new Target(String.format(Locale.ROOT, "whole job: process of %,d %s positions, every output "
                        + "(workbooks included), in <= %s wall (60 s per 1,000,000)", o.positions(), feed, secs(limit)),
                f.failure() != null ? "failed: " + f.failure() : secs(whole), f.failure() == null && whole <= limit);
    }

    private interface Work {
        long run() throws IOException;
    }

    private long generate(String name, long records, Work work) throws IOException {
        StageClock.heapPeakAndReset();
        long t = System.nanoTime();
        long bytes = work.run();
        row(name, 0, System.nanoTime() - t, 0, StageClock.heapPeakAndReset());
        return bytes;
    }

    /** The heap every measurement runs in: the target. */
    public static final String HEAP = "512m";

    /** CPU time of the measurement JVMs, added to this one's. */
    private long childCpuNanos;


    /**
     * The compiler options this JVM was started with ({@code ./concord} gives a long run four compiler threads on a
     * small machine): each measurement runs as {@code ./concord process} would on this machine.
     */
    static List<String> compilerOptions() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:CICompilerCount=")).toList();
    }

    /** Runs one {@link BenchChild} measurement in its own JVM with {@link #HEAP}; a JVM that dies is a failure. */
    BenchChild.Measured child(String kind, Path in, Path out, long records) throws Exception {
        Path result = o.work().resolve("measured-" + kind + "-" + in.getFileName() + ".json");
        Files.deleteIfExists(result);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + HEAP, "-XX:+UseParallelGC",
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(compilerOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), kind,
                in.toString(), out.toString(), o.mappings().toString(), result.toString(), Long.toString(records)));
        Process p = new ProcessBuilder(command).inheritIO().start();
        int code = p.waitFor();
        if (code != 0 && Files.isRegularFile(result)) {
            BenchChild.Measured m = Json.MAPPER.readValue(result.toFile(), BenchChild.Measured.class);
            childCpuNanos += m.cpuNanos();
            return m; // the child said why it ended
        }
        if (code != 0 || !Files.isRegularFile(result)) {
            return new BenchChild.Measured(0, 0, 0, 0, 0, List.of(), "its JVM (-Xmx" + HEAP + ") exited with code "
                    + code + (code == 3 ? " on OutOfMemoryError" : ""), 0, 0, 0);
        }
        BenchChild.Measured m = Json.MAPPER.readValue(result.toFile(), BenchChild.Measured.class);
        childCpuNanos += m.cpuNanos();
        return m;
    }

    private FeedFigures feed(String name, Path input, long bytes) throws Exception {
        BenchChild.Measured floor = child("floor-" + name, input, o.work().resolve("floor/" + name + ".jsonl"),
                o.positions());
        if (floor.failure() != null) {
            throw new IllegalStateException(name + " raw floor failed: " + floor.failure());
        }
        row(name + " raw floor", floor.records(), floor.nanos(), bytes, floor.peakHeapBytes());
        double floorRate = floor.records() / (floor.nanos() / 1e9);
        // the normalizer's CPU time on its thread: its own work, not the time it waited for a core
        double normalizerRate = floor.records() / (Math.max(1, floor.normalizeCpuNanos()) / 1e9);
        BenchChild.Measured parse = child("parse-" + name, input, o.work().resolve("floor/" + name + "-parse.jsonl"),
                o.positions());
        if (parse.failure() != null) {
            throw new IllegalStateException(name + " parse-only floor failed: " + parse.failure());
        }
        row(name + " lower floor (the same, no normalizer)", parse.records(), parse.nanos(), bytes,
                parse.peakHeapBytes());
        double parseRate = parse.records() / (parse.nanos() / 1e9);
        stages.add(new StageRow(String.format(Locale.ROOT, "· normalizer alone, inside a second, warm pass of the "
                + "raw floor (one thread, CPU time; %.2f s wall)", floor.normalizeNanos() / 1e9), floor.records(),
                floor.normalizeCpuNanos() / 1e9, normalizerRate, 0, 0));

        BenchChild.Measured run = child("pipeline", input, o.work().resolve("out-" + name), o.positions());
        if (run.failure() != null) {
            row(name + " pipeline FAILED: " + run.failure(), 0, run.nanos(), 0, run.peakHeapBytes());
            stageRows(run.stages(), 0, bytes);
            return new FeedFigures(o.positions(), 0, 0, bytes / MB, 0, 0, 0, floor.nanos() / 1e9, floorRate, 0, 0,
                    0, 0, run.failure(), parseRate, normalizerRate);
        }
        long workbookNanos = stage(run, io.concord.gateway.StateOutputs.STAGE_WORKBOOKS).nanos();
        long pipeline = run.nanos() - workbookNanos;
        row(name + " pipeline (end to end, no workbooks)", run.records(), pipeline, bytes, run.peakHeapBytes());
        stageRows(run.stages(), run.records(), bytes);
        double rate = run.records() / (pipeline / 1e9);
        return new FeedFigures(run.records(), run.accepted(), run.rejected(), bytes / MB, pipeline / 1e9, rate,
                bytes / MB / (pipeline / 1e9), floor.nanos() / 1e9, floorRate, rate / floorRate, workbookNanos / 1e9,
                stage(run, io.concord.gateway.StateOutputs.STAGE_MARGIN).seconds(),
                stage(run, io.concord.gateway.StateOutputs.STAGE_MARGIN_PASS).peakHeapBytes() / MB, null, parseRate,
                normalizerRate);
    }

    /** The pipeline's own stages, indented under it; the streaming stage read the whole file. */
    private void stageRows(List<StageClock.Stage> measured, long records, long bytes) {
        for (StageClock.Stage s : measured) {
            boolean reading = s.name().startsWith("stream") && records > 0;
            stages.add(new StageRow("  " + s.name(), reading ? records : 0, s.seconds(),
                    reading ? records / s.seconds() : 0, reading ? bytes / MB / s.seconds() : 0,
                    s.peakHeapBytes() / MB));
        }
    }

    /** SIMM on the CRIF file: parse, group by portfolio, compute each; returns {seconds}. */
    private double[] simm(Path crif, long bytes) throws IOException {
        System.gc();
        StageClock.heapPeakAndReset();
        SimmEngine engine = SimmEngine.load(o.mappings().resolve("simm")
                .resolve("simm-" + io.concord.gateway.StateOutputs.SIMM_VERSION + ".yaml"), Horizon.TEN_DAY);
        long t = System.nanoTime();
        Map<MarginAccount, List<Sensitivity>> byAccount = new HashMap<>();
        long rows = 0;
        try (RecordStream s = new CrifParser().open(Files.newInputStream(crif),
                FeedFormats.describe(crif, CrifParser.ID))) {
            while (s.hasNext()) {
                FeedItem item = s.next();
                rows++;
                if (item instanceof SourceSensitivity ss) {
                    byAccount.computeIfAbsent(SimmSilo.accountOf(ss.sensitivity()), k -> new ArrayList<>())
                            .add(ss.sensitivity());
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read " + crif + ": " + e.getMessage(), e);
        }
        double total = 0;
        for (List<Sensitivity> portfolio : byAccount.values()) {
            total += engine.compute(portfolio).total();
        }
        long nanos = System.nanoTime() - t;
        if (total <= 0) {
            throw new IllegalStateException("SIMM of the generated CRIF is not positive: " + total);
        }
        row("SIMM (parse " + byAccount.size() + " portfolios' CRIF, compute)", rows, nanos, bytes,
                StageClock.heapPeakAndReset());
        return new double[] {nanos / 1e9};
    }

    private void row(String stage, long records, long nanos, long bytes, long peakBytes) {
        double s = nanos / 1e9;
        stages.add(new StageRow(stage, records, s, records > 0 ? records / s : 0, bytes > 0 && records > 0
                ? bytes / MB / s : 0, peakBytes / MB));
    }

    private static StageClock.Stage stage(BenchChild.Measured run, String name) {
        return run.stages().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new StageClock.Stage(name, 0, 0, 0));
    }

    private static java.lang.management.OperatingSystemMXBean os() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    }

    /** CPU time of this JVM (every thread), or 0 when the JVM does not tell. */
    static long cpuNanos() {
        return os() instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static String machine() {
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), %s %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    private static String outcome(FeedFigures f) {
        return f.failure() != null ? "failed: " + f.failure()
                : String.format(Locale.ROOT, "%.0f %% of the floor", f.ratio() * 100);
    }

    private static double rate(double n, double seconds) {
        return seconds > 0 ? n / seconds : 0;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    /** The report as the table the command prints. */
    public static void print(Report r, PrintWriter w) {
        w.printf(Locale.ROOT, "Concord bench: %,d positions over %,d accounts; %s; floors and pipelines each in a JVM "
                + "with -Xmx%s, the rest in this one (max heap %d MB)%n%n", r.positions(), r.accounts(), r.machine(),
                HEAP, r.maxHeapMb());
        w.printf(Locale.ROOT, "%-52s %11s %9s %11s %8s %8s%n", "stage", "records", "seconds", "records/s", "MB/s",
                "heap MB");
        for (StageRow s : r.stages()) {
            w.printf(Locale.ROOT, "%-52s %11s %9.2f %11s %8s %8.0f%n", s.stage(), s.records() > 0
                    ? String.format(Locale.ROOT, "%,d", s.records()) : "", s.seconds(), s.recordsPerSecond() > 0
                    ? String.format(Locale.ROOT, "%,.0f", s.recordsPerSecond()) : "", s.mbPerSecond() > 0
                    ? String.format(Locale.ROOT, "%.1f", s.mbPerSecond()) : "", s.peakHeapMb());
        }
        w.println();
        feedLine(w, "CSV  ", r.csv());
        feedLine(w, "FIXML", r.fixml());
        w.printf(Locale.ROOT, "margin: %,d accounts (%,d positions) computed in %.2f s per margin thread on the CSV "
                + "book (Reg T, strategies), %.2f s on the FIXML book (SPAN); the slower %,.0f accounts/s (CPU time "
                + "summed over the threads / threads; reading the book and writing outputs are the margin pass)%n",
                r.marginAccounts(), r.marginPositions(), r.csv().marginSeconds(), r.fixml().marginSeconds(),
                r.marginAccountsPerSecond());
        w.printf(Locale.ROOT, "SIMM: %,d CRIF rows (%d portfolios) in %.2f s = %,.0f rows/s%n", r.simmRows(),
                r.simmPortfolios(), r.simmSeconds(), r.simmRowsPerSecond());
        SimmBench.Figures sc = r.simmCommand();
        w.printf(Locale.ROOT, "SIMM command: start-up %.2f s (one portfolio of %,d rows, started as %s, median of %d "
                + "runs); --by-portfolio %d portfolios in %.2f s = %.1f portfolios/s (one JVM, start-up included)%n",
                sc.startupSeconds(), sc.startupRows(), sc.launcher(), SimmBench.RUNS, sc.batchPortfolios(),
                sc.batchSeconds(), sc.portfoliosPerSecond());
        w.printf(Locale.ROOT, "workbook: %,d positions rows (SXSSF) in %.2f s = %,.0f rows/s%n", r.workbookRows(),
                r.workbookSeconds(), r.workbookRowsPerSecond());
        if (r.bus() == null) {
            w.println("bus: the Kafka bus is not measured (pass --kafka HOST:PORT of a broker)");
        } else {
            w.printf(Locale.ROOT, "bus: %,d positions ingested and applied to the workers' state: in-process %,.0f "
                    + "records/s (%.2f s), Kafka with %d workers over %d partitions %,.0f records/s (%.2f s): ratio "
                    + "%.2f%n", r.bus().records(), r.bus().inProcessRecordsPerSecond(), r.bus().inProcessSeconds(),
                    r.bus().workers(), r.bus().partitions(), r.bus().kafkaRecordsPerSecond(), r.bus().kafkaSeconds(),
                    r.bus().ratio());
        }
        w.printf(Locale.ROOT, "peak heap: %.0f MB (heap in use, sampled every 10 ms, of the stage that used most)%n",
                r.peakHeapMb());
        w.printf(Locale.ROOT, "machine load average %.1f when the bench started; the bench took %.0f s and used %.0f "
                + "CPU-seconds (every figure is wall time: other work on the machine slows it)%n%n", r.loadAverage(),
                r.wallSeconds(), r.cpuSeconds());
        printTargets(r.targets(), w);
    }

    private static void feedLine(PrintWriter w, String name, FeedFigures f) {
        if (f.failure() != null) {
            w.printf(Locale.ROOT, "%s end to end FAILED (%s), floor %,.0f records/s (%.2f s)%n", name, f.failure(),
                    f.floorRecordsPerSecond(), f.floorSeconds());
            return;
        }
        w.printf(Locale.ROOT, "%s end to end %,.0f records/s (%.1f MB/s, %.2f s), floor %,.0f records/s (%.2f s): "
                + "ratio %.2f; lower floor (no normalizer) %,.0f records/s, ratio to it %.2f; the normalizer alone "
                + "%,.0f records/s per thread%n", name, f.recordsPerSecond(), f.mbPerSecond(), f.seconds(),
                f.floorRecordsPerSecond(), f.floorSeconds(), f.ratio(), f.parseFloorRecordsPerSecond(),
                f.recordsPerSecond() / f.parseFloorRecordsPerSecond(), f.normalizerRecordsPerSecond());
    }

    /** The JSON the issue asks for ({@code --json FILE}), with every figure of the report. */
    public static Map<String, Object> json(Report r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("csv", feedJson(r.csv()));
        m.put("fixml", feedJson(r.fixml()));
        m.put("marginAccountsPerSecond", r.marginAccountsPerSecond());
        m.put("simmRowsPerSecond", r.simmRowsPerSecond());
        m.put("simmStartupSeconds", r.simmCommand().startupSeconds());
        m.put("simmPortfoliosPerSecond", r.simmCommand().portfoliosPerSecond());
        m.put("peakHeapMb", r.peakHeapMb());
        if (r.bus() != null) {
            m.put("bus", r.bus());
        }
        m.put("report", r);
        return m;
    }

    private static Map<String, Object> feedJson(FeedFigures f) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("recordsPerSecond", f.recordsPerSecond());
        m.put("floorRecordsPerSecond", f.floorRecordsPerSecond());
        m.put("parseFloorRecordsPerSecond", f.parseFloorRecordsPerSecond());
        m.put("normalizerRecordsPerSecond", f.normalizerRecordsPerSecond());
        m.put("ratio", f.ratio());
        m.put("records", f.records());
        m.put("mbPerSecond", f.mbPerSecond());
        m.put("seconds", f.seconds());
        if (f.failure() != null) {
            m.put("failure", f.failure());
        }
        return m;
    }
}
