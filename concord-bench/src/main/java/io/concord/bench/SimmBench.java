package io.concord.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code concord bench}'s SIMM command figures, each from a {@code concord simm} run in a process of its own, the
 * way a user starts it: through the {@code ./concord} launcher when the bench runs under it (so with the
 * class-data-sharing archive and JVM options the launcher gives {@code simm}), else a plain {@code java} on this
 * JVM's class path.
 *
 * <ul>
 *   <li>start-up: wall time of {@code simm --crif FILE} on one portfolio, the median of {@link #RUNS} runs;</li>
 *   <li>batch: wall time of {@code simm --crif FILE --by-portfolio} on every portfolio of the bench's CRIF file,
 *       JVM start-up included, as portfolios/s.</li>
 * </ul>
 */
final class SimmBench {

    static final int RUNS = 3;

    /**
     * @param startupSeconds       median wall time of one single-portfolio run
     * @param startupRows          CRIF rows of that portfolio
     * @param launcher             how the runs were started ({@code ./concord} or {@code java -cp})
     * @param batchPortfolios      portfolios of the batch run
     * @param batchSeconds         its wall time, JVM start-up included
     * @param portfoliosPerSecond  batchPortfolios / batchSeconds
     */
    record Figures(double startupSeconds, long startupRows, String launcher, int batchPortfolios,
                   double batchSeconds, double portfoliosPerSecond) {
    }

    private SimmBench() {
    }

    static Figures measure(Path onePortfolio, long onePortfolioRows, Path all, int portfolios, Path mappings,
                           Path work) throws IOException, InterruptedException {
        List<String> start = command();
        String launcher = start.get(0).endsWith("bash") ? "./concord" : "java -cp";
        double[] startup = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            startup[i] = run(start, work.resolve("simm-one.json"), "simm", "--crif", onePortfolio.toString(),
                    "--mappings", mappings.toString());
        }
        Arrays.sort(startup);
        double batch = run(start, work.resolve("simm-by-portfolio.csv"), "simm", "--crif", all.toString(),
                "--by-portfolio", "--mappings", mappings.toString());
        long lines;
        try (var s = Files.lines(work.resolve("simm-by-portfolio.csv"))) {
            lines = s.count() - 1;
        }
        if (lines != portfolios) {
            throw new IllegalStateException("simm --by-portfolio wrote " + lines + " portfolios, the CRIF has "
                    + portfolios);
        }
        return new Figures(startup[RUNS / 2], onePortfolioRows, launcher, portfolios, batch, portfolios / batch);
    }

    /**
     * Start-up of {@code process} as a scheduler's per-file job sees it: wall time of {@code process} on
     * {@code file} (a few positions), every output written, the median of {@link #RUNS} runs,
     * started the way {@link #measure} starts {@code simm}.
     */
    static double processStartup(Path file, Path mappings, Path work) throws IOException, InterruptedException {
        List<String> start = command();
        double[] wall = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            wall[i] = run(start, work.resolve("process-startup.txt"), "process", file.toString(), "--mappings",
                    mappings.toString(), "--out", work.resolve("process-startup").toString(), "--replace");
        }
        Arrays.sort(wall);
        return wall[RUNS / 2];
    }

    /** The command that starts {@code concord}: the launcher when this JVM runs under it, else java -cp. */
    private static List<String> command() {
        String home = System.getProperty("concord.home");
        if (home != null && Files.isRegularFile(Path.of(home, "concord"))) {
            return List.of("bash", Path.of(home, "concord").toString());
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.concord.gateway.cli.ConcordCli");
    }

    /** Wall seconds of one run writing its standard output to {@code out}; a failed run stops the bench. */
    private static double run(List<String> start, Path out, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(start);
        cmd.addAll(List.of(args));
        Path errors = out.resolveSibling(out.getFileName() + ".err");
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + code + ": "
                    + Files.readString(errors).strip());
        }
        return seconds;
    }
}
