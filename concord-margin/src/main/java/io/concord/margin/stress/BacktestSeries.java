package io.concord.margin.stress;

import io.concord.mapping.MappingFiles;
import io.concord.mapping.MappingProblem;
import io.concord.margin.MarginParameterException;
import io.concord.margin.MarketData;
import io.concord.margin.Param;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A backtest's market history: a folder of daily market data files in the format of
 * {@code mappings/market-data/<YYYY-MM-DD>.yaml} (one {@code asOf} each; a file named by a date holds that date), in
 * date order (the mappings folder's {@code market-data/} itself, once it holds two days or more). Consecutive files
 * are consecutive trading days; the moves over a margin period of risk of {@code h} days from day {@code i} are
 * the changes between file {@code i} and file {@code i + h}: a price's relative change, a volatility's change in points, a rate's (yield
 * or credit spread) change in basis points. A factor missing from either file is not moved (and is listed as
 * unshocked by the revaluation), never filled in.
 *
 * @param folder  the folder read
 * @param days    the market data by date, oldest first
 * @param files   each day's file name, in the same order
 */
public record BacktestSeries(Path folder, List<MarketData> days, List<String> files) {

    public BacktestSeries {
        days = List.copyOf(days);
        files = List.copyOf(files);
    }

    /** The series read (null when any file has a problem) and every problem found. */
    public record Loaded(BacktestSeries series, List<MappingProblem> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Reads every {@code *.yaml} of {@code dir}; a file that does not parse, or a date given twice, is a problem. */
    public static Loaded read(Path dir) {
        List<MappingProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new MappingProblem(dir.toString(), 0, "not a folder of daily market data files"));
            return new Loaded(null, problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        TreeMap<LocalDate, MarketData> byDate = new TreeMap<>();
        Map<LocalDate, String> fileOf = new HashMap<>();
        for (Path f : files) {
            MarketData d;
            try {
                // schema problems each with its line (mappings/schema/risk-market-data.schema.json), all of them
                List<MappingProblem> invalid = MappingFiles.check(Files.readAllBytes(f), f.toString(),
                        MappingFiles.Kind.RISK_MARKET_DATA);
                if (!invalid.isEmpty()) {
                    problems.addAll(invalid);
                    continue;
                }
                d = MarketData.read(f);
            } catch (MarginParameterException e) {
                problems.add(new MappingProblem(f.toString(), 0, e.getMessage()));
                continue;
            } catch (IOException e) {
                problems.add(new MappingProblem(f.toString(), 0, "cannot read: " + e.getMessage()));
                continue;
            }
            // a file named by its date (2026-11-20.yaml, market-data-2026-11-20.yaml) holds that date's data
            var misnamed = io.concord.margin.MarketDataFiles.nameMismatch(f, d);
            if (misnamed.isPresent()) {
                problems.add(new MappingProblem(f.toString(), 0, misnamed.get().substring(f.toString().length() + 2)));
                continue;
            }
            String earlier = fileOf.putIfAbsent(d.asOf(), f.getFileName().toString());
            if (earlier != null) {
                problems.add(new MappingProblem(f.toString(), 0, "asOf " + d.asOf() + " is already given by "
                        + earlier));
                continue;
            }
            d.factors().forEach((factor, v) -> {
                if (v.price() != null && !(v.price().value() > 0)) {
                    problems.add(new MappingProblem(f.toString(), 0, "riskFactors." + factor + ".price must be "
                            + "positive, got " + v.price().value()));
                }
            });
            byDate.put(d.asOf(), d);
        }
        if (byDate.size() + problems.size() < 2) {
            problems.add(new MappingProblem(dir.toString(), 0, "a backtest needs at least two dated market data "
                    + "files (*.yaml), found " + files.size()));
        }
        if (!problems.isEmpty()) {
            return new Loaded(null, problems);
        }
        return new Loaded(new BacktestSeries(dir, List.copyOf(byDate.values()),
                byDate.keySet().stream().map(fileOf::get).toList()), problems);
    }

    /** The series of {@code dir}; an {@link IllegalArgumentException} listing the problems when any. */
    public static BacktestSeries load(Path dir) {
        Loaded l = read(dir);
        if (!l.problems().isEmpty()) {
            throw new IllegalArgumentException("backtest series has " + l.problems().size() + " problem(s): "
                    + String.join("; ", l.problems().stream().limit(5).map(MappingProblem::toString).toList())
                    + (l.problems().size() > 5 ? "; ..." : ""));
        }
        return l.series();
    }

    public int size() {
        return days.size();
    }

    /**
     * The moves over {@code horizon} trading days from each day that has a day {@code horizon} files later, as
     * scenarios in date order ({@code size() - horizon} of them; none when the series is too short). Event contracts
     * do not resolve in a price history: they are left unchanged.
     */
    public List<Scenario> scenarios(int horizon) {
        List<Scenario> out = new ArrayList<>();
        for (int i = 0; i + horizon < days.size(); i++) {
            out.add(move(i, horizon));
        }
        return out;
    }

    private Scenario move(int i, int horizon) {
        MarketData a = days.get(i);
        MarketData b = days.get(i + horizon);
        String source = "backtest series " + folder.getFileName() + ": " + files.get(i) + " to "
                + files.get(i + horizon);
        List<Scenario.Shock> shocks = new ArrayList<>();
        a.factors().forEach((factor, x) -> {
            MarketData.Factor y = b.factors().get(factor);
            if (y == null) {
                return;
            }
            if (both(x.price(), y.price())) {
                shocks.add(new Scenario.Shock(factor, Scenario.Unit.RELATIVE,
                        y.price().value() / x.price().value() - 1, source, 0));
            }
            if (both(x.volatility(), y.volatility())) {
                shocks.add(new Scenario.Shock(factor, Scenario.Unit.VOL,
                        y.volatility().value() - x.volatility().value(), source, 0));
            }
            if (both(x.rate(), y.rate())) {
                shocks.add(new Scenario.Shock(factor, Scenario.Unit.BP,
                        (y.rate().value() - x.rate().value()) * 1e4, source, 0));
            }
        });
        return new Scenario(a.asOf() + "+" + horizon + "d", a.asOf() + " to " + b.asOf(), Scenario.Kind.HISTORICAL,
                a.asOf(), b.asOf(), horizon, "moves of the backtest series over " + horizon + " trading days",
                List.of(source), Scenario.EventContracts.UNCHANGED, shocks, folder.resolve(files.get(i)).toString());
    }

    private static boolean both(Param x, Param y) {
        return x != null && y != null;
    }
}
