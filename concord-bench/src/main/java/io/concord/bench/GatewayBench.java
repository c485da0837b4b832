package io.concord.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code concord bench --serve}: the gateway side of the benchmark. A serve-mode gateway commits a large CSV
 * submission and then a small one of another firm, once with its ledger on H2 and once on PostgreSQL
 * ({@link ServeBench}); with a broker ({@code --kafka}), the Kafka bus with one and with two workers
 * ({@link BusBench}). Prints each figure with its target, met or not, and gives them as JSON under {@code "serve"}
 * and {@code "kafka"}.
 */
public final class GatewayBench {

    /** Target (issue 23): records/s end to end over Kafka with two workers. */
    public static final double KAFKA_TARGET_RECORDS_PER_SECOND = 20_000;
    /** Target (issue 23): two workers at least this many times one worker's rate. */
    public static final double KAFKA_TARGET_SCALING = 1.6;

    /**
     * What to run: the large submission's positions and accounts, the work folder, the mappings, the PostgreSQL
     * server (null: not measured), a Kafka broker (null: not measured) and the bus feed's positions.
     */
    public record Options(long positions, int accounts, Path work, Path mappings, String pgUrl, String pgUser,
                          String pgPassword, String kafka, long busPositions) {
    }

    /** The figures: one {@link ServeBench} per ledger, the Kafka bus with one and two workers (null: not run). */
    public record Report(List<ServeBench> serve, BusBench kafkaOne, BusBench kafkaTwo, List<Bench.Target> targets) {
    }

    private GatewayBench() {
    }

    public static Report run(Options o) throws Exception {
        Files.createDirectories(o.work());
        FeedGenerator gen = new FeedGenerator(20261120L);
        Path large = o.work().resolve("feeds/positions-serve.csv");
        gen.secPositions(large, o.positions(), o.accounts());
        Path small = o.work().resolve("feeds/positions-serve-small.csv");
        long smallPositions = gen.smallSecPositions(small);
        List<ServeBench> serve = new ArrayList<>();
        Path dir = o.work().resolve("serve-" + System.currentTimeMillis());
        serve.add(ServeBench.measure("H2", "jdbc:h2:file:" + dir.resolve("h2/data/ledger").toAbsolutePath(), "sa",
                "", large, o.positions(), small, smallPositions, dir.resolve("h2"), o.mappings()));
        if (o.pgUrl() != null) {
            String[] schema = ServeBench.postgresSchema(o.pgUrl(), o.pgUser(), o.pgPassword());
            if (schema == null) {
                serve.add(new ServeBench("PostgreSQL", o.positions(), 0, 0, 0, smallPositions, 0, 0,
                        "no PostgreSQL answers at " + o.pgUrl()));
            } else {
                try {
                    serve.add(ServeBench.measure("PostgreSQL", schema[1], o.pgUser(), o.pgPassword(), large,
                            o.positions(), small, smallPositions, dir.resolve("pg"), o.mappings()));
                } finally {
                    ServeBench.dropSchema(o.pgUrl(), o.pgUser(), o.pgPassword(), schema[0]);
                }
            }
        }
        BusBench one = null;
        BusBench two = null;
        if (o.kafka() != null) {
            Path busFeed = o.work().resolve("feeds/positions-bus.csv");
            long n = o.busPositions();
            gen.secPositions(busFeed, n, (int) Math.min(o.accounts(), n));
            // a run not measured first: the first run over Kafka is the JIT's (half again the CPU of the same run
            // later), which would flatter two workers against one (docs/bus.md "Throughput")
            BusBench.measure(busFeed, o.work().resolve("bus-warm-up"), o.mappings(), o.kafka(), 2, 12);
            one = BusBench.measure(busFeed, o.work().resolve("bus-1"), o.mappings(), o.kafka(), 1, 12);
            two = BusBench.measure(busFeed, o.work().resolve("bus-2"), o.mappings(), o.kafka(), 2, 12);
        }
        return new Report(List.copyOf(serve), one, two, targets(serve, one, two));
    }

    private static List<Bench.Target> targets(List<ServeBench> serve, BusBench one, BusBench two) {
        List<Bench.Target> out = new ArrayList<>();
        for (ServeBench s : serve) {
            out.add(new Bench.Target(String.format(Locale.ROOT, "serve (%s): a %,d-position submission committed in "
                            + "<= %.0f s", s.ledger(), s.positions(), ServeBench.COMMIT_TARGET_SECONDS),
                    s.submitSeconds() == 0 ? "failed: " + s.failure() : String.format(Locale.ROOT,
                            "%.2f s (the commit %.2f s of it)", s.submitSeconds(), s.commitSeconds()), s.commitMet()));
            out.add(new Bench.Target(String.format(Locale.ROOT, "serve (%s): a %d-position submission of another "
                            + "firm in the current state in <= %.0f s while %,d positions are held", s.ledger(),
                    s.smallPositions(), ServeBench.SMALL_STATE_TARGET_SECONDS, s.positions()),
                    s.failure() != null ? "failed: " + s.failure() : String.format(Locale.ROOT, "%.2f s in its "
                            + "firm's reports; the whole state (aggregates, whole-state files) %.2f s",
                            s.smallStateSeconds(), s.smallWholeSeconds()), s.smallStateMet()));
        }
        if (two == null) {
            out.add(new Bench.Target("Kafka bus: >= 20,000 records/s with two workers, >= 1.6x one worker",
                    "not measured (pass --kafka HOST:PORT of a broker)", false));
        } else {
            double scaling = two.kafkaRecordsPerSecond() / one.kafkaRecordsPerSecond();
            out.add(new Bench.Target(String.format(Locale.ROOT, "Kafka bus: >= %,.0f records/s end to end with two "
                    + "workers", KAFKA_TARGET_RECORDS_PER_SECOND), String.format(Locale.ROOT, "%,.0f records/s",
                    two.kafkaRecordsPerSecond()), two.kafkaRecordsPerSecond() >= KAFKA_TARGET_RECORDS_PER_SECOND));
            out.add(new Bench.Target(String.format(Locale.ROOT, "Kafka bus: two workers >= %.1fx one worker",
                    KAFKA_TARGET_SCALING), String.format(Locale.ROOT, "%.2fx (%,.0f against %,.0f records/s)",
                    scaling, two.kafkaRecordsPerSecond(), one.kafkaRecordsPerSecond()), scaling >= KAFKA_TARGET_SCALING));
        }
        return List.copyOf(out);
    }

    public static void print(Report r, PrintWriter w) {
        w.println("serve (a gateway, inbox only):");
        for (ServeBench s : r.serve()) {
            if (s.failure() != null && s.submitSeconds() == 0) {
                w.printf(Locale.ROOT, "  %-10s FAILED: %s%n", s.ledger(), s.failure());
                continue;
            }
            w.printf(Locale.ROOT, "  %-10s %,d positions dropped to committed %.2f s (%,.0f positions/s; the ledger "
                            + "commit %.2f s = %,.0f rows/s); first current state %.2f s; %d positions of another firm "
                            + "dropped to in its firm's reports %.2f s, in the whole state %.2f s%s%n", s.ledger(), s.positions(),
                    s.submitSeconds(), s.positions() / s.submitSeconds(), s.commitSeconds(), s.positions()
                            / Math.max(1e-9, s.commitSeconds()), s.firstStateSeconds(), s.smallPositions(),
                    s.smallStateSeconds(), s.smallWholeSeconds(),
                    s.failure() == null ? "" : "; FAILED: " + s.failure());
        }
        for (BusBench b : new BusBench[] {r.kafkaOne(), r.kafkaTwo()}) {
            if (b != null) {
                w.printf(Locale.ROOT, "kafka: %,d positions, %d worker(s) over %d partitions: %,.0f records/s "
                                + "(%.2f s); in-process bus %,.0f records/s%n", b.records(), b.workers(), b.partitions(),
                        b.kafkaRecordsPerSecond(), b.kafkaSeconds(), b.inProcessRecordsPerSecond());
            }
        }
        Bench.printTargets(r.targets(), w);
    }

    /** The figures as the JSON keys {@code "serve"} and {@code "kafka"}, each with its targets. */
    public static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", Bench.machine());
        Map<String, Object> serve = new LinkedHashMap<>();
        for (ServeBench s : r.serve()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("positions", s.positions());
            one.put("submitSeconds", s.submitSeconds());
            one.put("commitSeconds", s.commitSeconds());
            one.put("commitTargetSeconds", ServeBench.COMMIT_TARGET_SECONDS);
            one.put("commitMet", s.commitMet());
            one.put("firstStateSeconds", s.firstStateSeconds());
            one.put("smallPositions", s.smallPositions());
            one.put("smallStateSeconds", s.smallStateSeconds());
            one.put("smallWholeStateSeconds", s.smallWholeSeconds());
            one.put("smallStateTargetSeconds", ServeBench.SMALL_STATE_TARGET_SECONDS);
            one.put("smallStateMet", s.smallStateMet());
            if (s.failure() != null) {
                one.put("failure", s.failure());
            }
            serve.put(s.ledger().equals("H2") ? "h2" : "postgresql", one);
        }
        m.put("serve", serve);
        if (r.kafkaTwo() != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("records", r.kafkaTwo().records());
            k.put("oneWorkerRecordsPerSecond", r.kafkaOne().kafkaRecordsPerSecond());
            k.put("twoWorkersRecordsPerSecond", r.kafkaTwo().kafkaRecordsPerSecond());
            k.put("targetRecordsPerSecond", KAFKA_TARGET_RECORDS_PER_SECOND);
            double scaling = r.kafkaTwo().kafkaRecordsPerSecond() / r.kafkaOne().kafkaRecordsPerSecond();
            k.put("scaling", scaling);
            k.put("targetScaling", KAFKA_TARGET_SCALING);
            k.put("met", r.kafkaTwo().kafkaRecordsPerSecond() >= KAFKA_TARGET_RECORDS_PER_SECOND
                    && scaling >= KAFKA_TARGET_SCALING);
            m.put("kafka", k);
        }
        m.put("gatewayTargets", r.targets());
        return m;
    }
}
