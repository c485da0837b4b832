package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginReport;
import io.concord.margin.MarginRun;
import io.concord.margin.MarginSink;
import io.concord.model.Position;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test (surefire runs {@code *Test} classes only): measures a margin report sink on one synthetic firm of
 * {@code accounts × positions} positions, each account margined with one explain leaf per position, fed one account
 * at a time. Run it with the heap to check, from the repo root after {@code concord process --out OUT fixtures}:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat cp.txt) io.concord.report.MarginSinkScale \
 *     OUT workbook|xml 10000 100 REPORTS
 * </pre>
 */
public final class MarginSinkScale {

    private MarginSinkScale() {
    }

    public static void main(String[] args) throws IOException {
        Path processed = Path.of(args[0]);
        String writer = args[1];
        int accounts = Integer.parseInt(args[2]);
        int perAccount = Integer.parseInt(args[3]);
        Path reports = Path.of(args[4]);
        MarginReport report = Json.MAPPER.readValue(processed.resolve("margin/margin.json").toFile(),
                MarginReport.class);
        AccountMargin template = report.accounts().stream().filter(a -> !a.collateral().lines().isEmpty())
                .findFirst().orElseThrow();
        Position position;
        try (BufferedReader r = Files.newBufferedReader(processed.resolve("book/positions.jsonl"))) {
            position = Json.MAPPER.readValue(r.readLine(), Position.class);
        }
        MarginSink sink = writer.equals("xml") ? MarginReportXml.sink(reports)
                : MarginWorkbook.sink(processed.resolve("exceptions.jsonl"), reports);
        String firm = position.firmLei();
        long start = System.nanoTime();
        sink.begin(new MarginRun(report.asOf(), report.mappingsVersion(), report.parametersVersion(),
                report.whatIf(), report.earlierDates()));
        for (int a = 0; a < accounts; a++) {
            String id = String.format("ACC-%06d", a);
            List<Position> positions = new ArrayList<>(perAccount);
            List<Explain> leaves = new ArrayList<>(perAccount);
            for (int i = 0; i < perAccount; i++) {
                Position p = position;
                positions.add(new Position(firm, id, p.segregationClass(), p.product(), p.longQty(), p.shortQty(),
                        p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(), p.action(),
                        p.lineage()));
                leaves.add(new Explain("position " + i + " " + p.product().taxonomy(), new BigDecimal("1250.00"),
                        "scanning risk of " + p.lineage().location(), List.of()));
            }
            BigDecimal total = new BigDecimal("1250.00").multiply(BigDecimal.valueOf(perAccount));
            AccountMargin.SiloMargin silo = new AccountMargin.SiloMargin("CFTC_SPAN", total,
                    new Explain("CFTC_SPAN requirement", total, "sum of the positions' scanning risk", leaves));
            AccountMargin margin = new AccountMargin(firm, id, position.segregationClass(), List.of(silo), total,
                    template.collateral(), template.collateral().postHaircut().subtract(total), List.of(), null);
            sink.account(new MarginAccount(firm, id, position.segregationClass()), margin, positions);
        }
        long fed = System.nanoTime();
        sink.end();
        double seconds = (System.nanoTime() - start) / 1e9;
        double ending = (System.nanoTime() - fed) / 1e9;
        long peak = 0;
        StringBuilder pools = new StringBuilder();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
                pools.append(String.format(" %s %d MB;", pool.getName(), pool.getPeakUsage().getUsed() >> 20));
            }
        }
        long bytes;
        try (var files = Files.walk(reports)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf("%s sink: %d accounts x %d positions in %.1f s (%.1f s of it after the last account), "
                        + "max heap %d MB, peak heap pools%s (sum %d MB), files %d MB%n", writer, accounts, perAccount,
                seconds, ending,
                Runtime.getRuntime().maxMemory() >> 20, pools, peak >> 20, bytes >> 20);
    }
}
