package io.concord.report;

import io.concord.mapping.ReportableLevels;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginReport;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.stress.StressRun;
import io.concord.model.Position;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code regulator/}: market-wide views for regulators over the final book and margin.json, as JSON and as one
 * workbook. Nothing is recomputed: positions are the booked ones, margin and collateral are margin.json's.
 * <ul>
 *   <li>{@code positions-by-taxonomy.json}: booked positions of every business date aggregated by business date ×
 *       taxonomy node × agency × firm × currency;</li>
 *   <li>{@code large-positions.json}: per business date, firm, account, segregation class and product definition,
 *       long or short quantity at or above the definition's reportable level;</li>
 *   <li>{@code margin-by-firm.json}: per firm, siloed margin by silo and in total and collateral after haircuts,
 *       and the same market-wide.</li>
 * </ul>
 */
public final class RegulatorViews {

    public static final String POSITIONS = "positions-by-taxonomy.json";
    public static final String LARGE = "large-positions.json";
    public static final String MARGIN = "margin-by-firm.json";
    public static final String WORKBOOK = "regulator-views.xlsx";
    public static final List<String> SHEETS = List.of("Positions by taxonomy", "Large positions", "Margin by firm");

    /** One aggregate of positions-by-taxonomy.json. */
    public record TaxonomyRow(LocalDate asOf, String taxonomy, String agency, String firm, String currency,
                              int positions, BigDecimal longQty, BigDecimal shortQty, BigDecimal netQty,
                              int valuedPositions, BigDecimal grossValue) {
    }

    /** One listed position of large-positions.json (the definition's quantities summed over its contracts). */
    public record LargePosition(LocalDate asOf, String firm, String account, String segregationClass,
                                String definitionId, String taxonomy, String agency, int positions,
                                BigDecimal longQty, BigDecimal shortQty, BigDecimal level,
                                ReportableLevels.Basis basis, String source) {
    }

    /** Margin and collateral of one firm, or of the market ({@code firm} null). */
    /**
     * Margin and collateral of one firm, or of the market ({@code firm} null); {@code stress} the stress coverage
     * (as in {@code margin/summary.json}), absent when the run had no stress scenarios.
     */
    public record MarginRow(String firm, int accounts, Map<String, BigDecimal> siloed, BigDecimal siloedTotal,
                            BigDecimal collateralMarketValue, BigDecimal collateralPostHaircut,
                            BigDecimal harmonizedTotal, BigDecimal freed, StressRun.Level stress) {
    }

    public record MarginByFirm(LocalDate asOf, String mappingsVersion, String parametersVersion,
                               List<MarginRow> firms, MarginRow market) {
    }

    private RegulatorViews() {
    }

    /** Writes the three JSON files and the workbook under {@code dir}; returns the paths by file name. */
    public static List<Path> write(MarginReport report, Collection<Position> book, ReportableLevels levels,
                                   Path dir) {
        Sink sink = new Sink(levels, dir);
        MarginReplay.replay(report, book, sink);
        return sink.files();
    }

    /**
     * The views built as accounts are margined: positions are added to the aggregates as they pass, each margined
     * account's figures to the running totals by firm and market ({@link MarginTotals}: no account is kept), and the
     * files are written at the end.
     */
    public static final class Sink implements MarginSink {

        private final ReportableLevels levels;
        private final Path dir;
        private final Map<List<String>, TaxonomyRow> byTaxonomy = new TreeMap<>(RegulatorViews::compareKeys);
        private final Map<List<String>, LargePosition> large = new TreeMap<>(RegulatorViews::compareKeys);
        private final MarginTotals totals = new MarginTotals();
        private MarginRun run;
        private List<Path> files = List.of();
        private StressRun stress;

        public Sink(ReportableLevels levels, Path dir) {
            this.levels = levels;
            this.dir = dir;
        }

        @Override
        public void begin(MarginRun run) {
            this.run = run;
        }

        @Override
        public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
            for (Position p : positions) {
                addByTaxonomy(p);
                addLarge(p);
            }
            if (margin != null) {
                totals.add(margin);
            }
        }

        /**
         * The stress run whose coverage {@code margin-by-firm.json} carries; it must end before this sink (come before
         * it in {@link MarginSink#all}).
         */
        public void stress(StressRun stress) {
            this.stress = stress;
        }

        /** {@code margin/summary.json}'s figures (with the stress run's coverage, if any), once the run has ended. */
        public MarginSummary summary() {
            return MarginSummary.of(run, totals, stress);
        }

        /** The files written, once the run has ended. */
        public List<Path> files() {
            return files;
        }

        @Override
        public void end() {
            List<TaxonomyRow> taxonomy = List.copyOf(byTaxonomy.values());
            List<LargePosition> listed = large.values().stream()
                    .filter(l -> l.longQty().compareTo(l.level()) >= 0 || l.shortQty().compareTo(l.level()) >= 0)
                    .toList();
            MarginByFirm margin = marginByFirm(run, totals, stress);
            try {
                Files.createDirectories(dir);
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(POSITIONS).toFile(), taxonomy);
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(LARGE).toFile(), listed);
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MARGIN).toFile(), margin);
                workbook(taxonomy, listed, margin, dir.resolve(WORKBOOK));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir, e);
            }
            files = List.of(dir.resolve(POSITIONS), dir.resolve(LARGE), dir.resolve(MARGIN), dir.resolve(WORKBOOK));
        }

        private void addByTaxonomy(Position p) {
            String agency = p.product().agency() == null ? "" : p.product().agency().name();
            List<String> key = List.of(p.asOf().toString(), p.product().taxonomy(), agency, p.firmLei(),
                    p.product().currency() == null ? "" : p.product().currency());
            BigDecimal value = grossValue(p);
            byTaxonomy.merge(key, new TaxonomyRow(p.asOf(), p.product().taxonomy(), agency, p.firmLei(),
                            p.product().currency(), 1, p.longQty(), p.shortQty(), p.netQty(), value == null ? 0 : 1,
                            value == null ? BigDecimal.ZERO : value),
                    (a, b) -> new TaxonomyRow(a.asOf(), a.taxonomy(), a.agency(), a.firm(), a.currency(),
                            a.positions() + b.positions(), a.longQty().add(b.longQty()),
                            a.shortQty().add(b.shortQty()), a.netQty().add(b.netQty()),
                            a.valuedPositions() + b.valuedPositions(), a.grossValue().add(b.grossValue())));
        }

        private void addLarge(Position p) {
            String id = p.lineage().mappingId();
            levels.of(id).ifPresent(level -> large.merge(
                    List.of(p.asOf().toString(), p.firmLei(), p.account(), p.segregationClass().name(), id),
                    new LargePosition(p.asOf(), p.firmLei(), p.account(), p.segregationClass().name(), id,
                            p.product().taxonomy(), p.product().agency() == null ? null : p.product().agency().name(),
                            1, p.longQty(), p.shortQty(), level.contracts(), level.basis(), level.source()),
                    (a, b) -> new LargePosition(a.asOf(), a.firm(), a.account(), a.segregationClass(),
                            a.definitionId(), a.taxonomy(), a.agency(), a.positions() + b.positions(),
                            a.longQty().add(b.longQty()), a.shortQty().add(b.shortQty()), a.level(), a.basis(),
                            a.source())));
        }
    }

    /**
     * The absolute value of a position: its market value as the feed reported it, else |net quantity| × price ×
     * multiplier (a future's notional at its settlement price); null without either.
     */
    static BigDecimal grossValue(Position p) {
        if (p.marketValue() != null) {
            return p.marketValue().abs();
        }
        if (p.price() == null) {
            return null;
        }
        BigDecimal multiplier = p.product().multiplier() == null ? BigDecimal.ONE : p.product().multiplier();
        return p.netQty().abs().multiply(p.price()).multiply(multiplier);
    }

    private static MarginByFirm marginByFirm(MarginRun run, MarginTotals totals, StressRun stress) {
        List<MarginRow> firms = totals.firms().entrySet().stream().map(e -> marginRow(e.getKey(), e.getValue(),
                stress == null ? null : stress.firm(e.getKey()))).toList();
        return new MarginByFirm(run.asOf(), run.mappingsVersion(), run.parametersVersion(), firms,
                marginRow(null, totals.market(), stress == null ? null : stress.market()));
    }

    private static MarginRow marginRow(String firm, MarginTotals.Level t, StressRun.Level stress) {
        return new MarginRow(firm, t.accounts, new TreeMap<>(t.siloed), t.siloedTotal, t.collateralMarketValue,
                t.collateralPostHaircut, t.harmonizedTotal, t.siloedTotal.subtract(t.harmonizedTotal), stress);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void workbook(List<TaxonomyRow> byTaxonomy, List<LargePosition> large, MarginByFirm margin,
                                 Path file) throws IOException {
        WorkbookWarmUp.await();
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream os = Files.newOutputStream(file)) {
            Cells cells = new Cells(wb);
            Sheet s = wb.createSheet(SHEETS.get(0));
            cells.header(s, new String[] {"As of", "Taxonomy", "Agency", "Firm LEI", "Currency", "Positions",
                    "Long qty", "Short qty", "Net qty", "Valued positions", "Gross value"},
                    new int[] {11, 30, 8, 22, 9, 10, 14, 14, 14, 10, 20});
            int r = 1;
            for (TaxonomyRow t : byTaxonomy) {
                Row row = s.createRow(r++);
                cells.text(row, 0, t.asOf().toString());
                cells.text(row, 1, t.taxonomy());
                cells.text(row, 2, t.agency());
                cells.text(row, 3, t.firm());
                cells.text(row, 4, t.currency());
                Cells.number(row, 5, BigDecimal.valueOf(t.positions()), cells.quantity());
                Cells.number(row, 6, t.longQty(), cells.quantity());
                Cells.number(row, 7, t.shortQty(), cells.quantity());
                Cells.number(row, 8, t.netQty(), cells.quantity());
                Cells.number(row, 9, BigDecimal.valueOf(t.valuedPositions()), cells.quantity());
                Cells.number(row, 10, t.grossValue(), cells.amount());
            }
            Cells.finish(s, 11, r - 1);

            s = wb.createSheet(SHEETS.get(1));
            cells.header(s, new String[] {"As of", "Firm LEI", "Account", "Segregation class", "Definition",
                    "Taxonomy", "Agency", "Positions", "Long qty", "Short qty", "Reportable level", "Basis",
                    "Source"}, new int[] {11, 22, 20, 20, 20, 30, 8, 10, 12, 12, 12, 8, 80});
            r = 1;
            for (LargePosition l : large) {
                Row row = s.createRow(r++);
                cells.text(row, 0, l.asOf().toString());
                cells.text(row, 1, l.firm());
                cells.text(row, 2, l.account());
                cells.text(row, 3, l.segregationClass());
                cells.text(row, 4, l.definitionId());
                cells.text(row, 5, l.taxonomy());
                cells.text(row, 6, l.agency());
                Cells.number(row, 7, BigDecimal.valueOf(l.positions()), cells.quantity());
                Cells.number(row, 8, l.longQty(), cells.quantity());
                Cells.number(row, 9, l.shortQty(), cells.quantity());
                Cells.number(row, 10, l.level(), cells.quantity());
                cells.text(row, 11, l.basis().name());
                cells.text(row, 12, l.source());
            }
            Cells.finish(s, 13, r - 1);

            s = wb.createSheet(SHEETS.get(2));
            List<String> silos = new ArrayList<>(new TreeSet<>(margin.market().siloed().keySet()));
            List<String> names = new ArrayList<>(List.of("Firm LEI", "Accounts"));
            silos.forEach(silo -> names.add(silo + " (USD)"));
            names.addAll(List.of("Siloed total (USD)", "Harmonized total (USD)", "Freed (USD)",
                    "Collateral market value (USD)", "Collateral post-haircut (USD)"));
            int[] widths = new int[names.size()];
            java.util.Arrays.fill(widths, 20);
            widths[0] = 24;
            widths[1] = 10;
            cells.header(s, names.toArray(String[]::new), widths);
            List<MarginRow> rows = new ArrayList<>(margin.firms());
            rows.add(margin.market());
            r = 1;
            for (MarginRow m : rows) {
                Row row = s.createRow(r++);
                cells.text(row, 0, m.firm() == null ? "All firms" : m.firm());
                Cells.number(row, 1, BigDecimal.valueOf(m.accounts()), cells.quantity());
                int c = 2;
                for (String silo : silos) {
                    Cells.number(row, c++, m.siloed().get(silo), cells.amount());
                }
                Cells.number(row, c++, m.siloedTotal(), cells.amount());
                Cells.number(row, c++, m.harmonizedTotal(), cells.amount());
                Cells.number(row, c++, m.freed(), cells.amount());
                Cells.number(row, c++, m.collateralMarketValue(), cells.amount());
                Cells.number(row, c, m.collateralPostHaircut(), cells.amount());
            }
            Cells.finish(s, names.size(), r - 1);
            wb.write(os);
        }
    }
}
