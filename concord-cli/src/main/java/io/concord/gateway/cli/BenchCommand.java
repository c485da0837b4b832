package io.concord.gateway.cli;

import io.concord.bench.Bench;
import io.concord.bench.BenchTable;
import io.concord.bench.GatewayBench;
import io.concord.bench.ScalingBench;
import io.concord.report.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code concord bench}: the performance benchmark (issue #10). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Generate CSV, FIXML and CRIF feeds, run the process pipeline on them next to a raw floor "
                + "(Jackson CSV / StAX + JAXB, no Camel), and print records/s, MB/s, wall time and peak heap per "
                + "stage, the ratios and the targets. ./concord runs it with -Xmx512m.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--positions", defaultValue = "1000000", description = "positions per feed (default: ${DEFAULT-VALUE})")
    long positions;

    @Option(names = "--accounts", defaultValue = "10000", description = "accounts (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--crif-rows", defaultValue = "100000", description = "CRIF rows for SIMM (default: ${DEFAULT-VALUE})")
    long crifRows;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--work", defaultValue = "target/bench", description = "folder for the generated feeds and outputs (default: ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings", description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "bootstrap servers of a Kafka broker: also "
            + "measure the Kafka bus next to the in-process bus (Concord starts no broker)")
    String kafka;

    @Option(names = "--bus-positions", defaultValue = "100000", description = "positions for the bus measurement "
            + "(default: ${DEFAULT-VALUE})")
    long busPositions;

    @Option(names = "--serve", description = "measure the gateway side only: a serve-mode gateway committing a "
            + "--positions submission and a small one of another firm, on H2 and on PostgreSQL (--serve-pg), and "
            + "the Kafka bus with one and two workers when --kafka is given")
    boolean serve;

    @Option(names = "--serve-pg", paramLabel = "JDBC-URL", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "PostgreSQL for --serve (a schema of its own, dropped after; default: ${DEFAULT-VALUE}); "
            + "'none' to skip")
    String servePg;

    @Option(names = "--serve-pg-user", defaultValue = "postgres", description = "its user (default: ${DEFAULT-VALUE})")
    String servePgUser;

    @Option(names = "--scaling", description = "measure the whole job (process of a CSV positions file, every "
            + "output, workbooks included) at each --scaling-sizes size instead: time and heap (peak, live) per size")
    boolean scaling;

    @Option(names = "--scaling-sizes", split = ",", defaultValue = "100000,1000000,5000000", paramLabel = "N,N,...",
            description = "positions per --scaling run, 100 per account (default: ${DEFAULT-VALUE})")
    List<Long> scalingSizes;

    @Option(names = "--readme", paramLabel = "FILE", description = "run nothing: rewrite FILE's performance table "
            + "(README.md) from the JSON files --json wrote into docs/bench/ beside it")
    Path readme;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (positions < 1 || accounts < 1 || accounts > positions || crifRows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--positions, --accounts and --crif-rows must be positive, and accounts at most positions");
        }
        if (readme != null) {
            Path results = readme.toAbsolutePath().getParent().resolve(BenchTable.RESULTS);
            String table = BenchTable.render(results);
            Files.writeString(readme, BenchTable.replace(
                    Files.readString(readme), table));
            spec.commandLine().getOut().printf("%s: performance table rewritten from %s%n", readme, results);
            return 0;
        }
        if (scaling) {
            if (scalingSizes.isEmpty() || scalingSizes.stream().anyMatch(n -> n < 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--scaling-sizes takes positive position counts, e.g. 100000,1000000,5000000");
            }
            ScalingBench.Report s = ScalingBench.run(new Bench(
                    new Bench.Options(positions, accounts, crifRows, 1, work, mappings, null, busPositions)), work,
                    scalingSizes);
            ScalingBench.print(s, spec.commandLine().getOut());
            if (json != null) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(),
                        ScalingBench.json(s));
            }
            return 0;
        }
        if (serve) {
            GatewayBench.Report g = GatewayBench.run(
                    new GatewayBench.Options(positions, accounts, work, mappings,
                            "none".equals(servePg) ? null : servePg, servePgUser, "", kafka, busPositions));
            GatewayBench.print(g, spec.commandLine().getOut());
            if (json != null) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(),
                        GatewayBench.json(g));
            }
            return 0;
        }
        int portfolios = (int) Math.max(1, Math.min(100, crifRows / 100));
        Bench.Report r = new Bench(new Bench.Options(positions, accounts, crifRows, portfolios, work, mappings, kafka,
                busPositions)).run();
        Bench.print(r, spec.commandLine().getOut());
        if (json != null) {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), Bench.json(r));
        }
        return 0;
    }
}
