package io.concord.margin.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.mapping.MappingFiles;
import io.concord.mapping.MappingProblem;
import io.concord.margin.MarginParameterException;
import io.concord.margin.MarketDataFiles;
import io.concord.margin.MarketDataSource;
import io.concord.margin.Param;
import io.concord.margin.ParamNode;
import io.concord.margin.PortfolioMarginApprovals;
import io.concord.margin.Provenance;
import io.concord.margin.cftc.SpanParameters;
import io.concord.margin.collateral.HaircutParameters;
import io.concord.margin.harmonized.HarmonizedParameters;
import io.concord.margin.schedule.ScheduleParameters;
import io.concord.margin.sec.PortfolioMarginParameters;
import io.concord.margin.sec.StrategyParameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every margin parameter file under {@code mappings/risk/}, loaded and validated: a missing file, key or source,
 * or a value of the wrong kind, fails with the file and key. Each file is first checked against its JSON Schema
 * ({@code mappings/schema/risk-<name>.schema.json}), so a malformed file fails with every problem's line and path.
 * The version is a hash of the files' content.
 *
 * <p>Market data changes daily and is not among them: it is read from the dated files of the mappings folder's
 * {@code market-data/} ({@link MarketDataFiles}), the business date's own file for each run, and is not part of the
 * version (each value cites its dated file).
 *
 * @param marketData  the closing market data of each business date
 * @param provenance  each rulebook file's {@code source} and {@code effectiveDate} by file name ({@code reg-t.yaml}),
 *                    for the files that give them
 */
public record RiskParameters(String version, PortfolioMarginApprovals approvals, MarketDataSource marketData,
                             PortfolioMarginParameters portfolioMargin, StrategyParameters strategy, SpanParameters span,
                             Param eventPayout, ScheduleParameters schedule, HaircutParameters collateral,
                             HarmonizedParameters harmonized, Map<String, Provenance> provenance) {

    public RiskParameters {
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** The provenance of the rulebook file {@code name} ({@code span.yaml}), empty when it gives none. */
    public java.util.Optional<Provenance> provenance(String name) {
        return java.util.Optional.ofNullable(provenance.get(name));
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** These parameters with every segregation class eligible for harmonized margin (what-if harmonize-all). */
    public RiskParameters harmonizeAll() {
        return new RiskParameters(version, approvals, marketData, portfolioMargin, strategy, span, eventPayout, schedule,
                collateral, harmonized.harmonizeAll(), provenance);
    }

    public static RiskParameters load(Path dir) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Loader l = new Loader(dir, sha);
        PortfolioMarginApprovals approvals = l.read("accounts.yaml", PortfolioMarginApprovals::from);
        MarketDataSource market = marketData(dir);
        PortfolioMarginParameters pm = l.read("sec-pm.yaml", PortfolioMarginParameters::from);
        StrategyParameters regt = l.read("reg-t.yaml", StrategyParameters::from);
        SpanParameters span = l.read("span.yaml", SpanParameters::from);
        Param event = l.read("event.yaml", n -> n.param("payoutPerContract"));
        ScheduleParameters schedule = l.read("schedule.yaml", ScheduleParameters::from);
        HaircutParameters collateral = l.read("collateral.yaml", HaircutParameters::from);
        ParamNode customers = l.read("customers.yaml", n -> n);
        HarmonizedParameters harmonized = l.read("harmonized.yaml", n -> HarmonizedParameters.from(n, customers));
        return new RiskParameters("sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16), approvals, market,
                pm, regt, span, event, schedule, collateral, harmonized, l.provenance());
    }

    /**
     * The dated market data files beside {@code dir} ({@code <mappings>/market-data/}); a market data file among the
     * rulebook files is refused (daily data and rulebook parameters are kept apart).
     */
    private static MarketDataSource marketData(Path dir) {
        Path dated = dir.toAbsolutePath().normalize().resolveSibling(MarketDataFiles.DIR);
        Path single = dir.resolve("market-data.yaml");
        if (Files.exists(single)) {
            throw new MarginParameterException(single + ": market data is not a rulebook parameter file: put each "
                    + "business date's closing data in " + dated + " as YYYY-MM-DD.yaml");
        }
        // read for each run: a run of a date without its file (or without the folder) stops naming both
        return MarketDataSource.dated(dated);
    }

    private record Loader(Path dir, MessageDigest sha, Map<String, Provenance> provenance) {
        Loader(Path dir, MessageDigest sha) {
            this(dir, sha, new java.util.LinkedHashMap<>());
        }

        <T> T read(String name, Function<ParamNode, T> parse) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new MarginParameterException(f + ": not found (risk parameters live in <mappings>/risk/)");
            }
            try {
                byte[] content = Files.readAllBytes(f);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(content);
                // the file's schema first (mappings/schema/risk-<name>.schema.json): every problem, each with its
                // line; the checks below are those a schema cannot express
                MappingFiles.Kind kind = MappingFiles.Kind.ofRiskFile(name).orElseThrow(
                        () -> new IllegalStateException("no schema for risk/" + name));
                List<MappingProblem> problems = MappingFiles.check(content, f.toString(), kind);
                if (!problems.isEmpty()) {
                    throw new MarginParameterException(MappingFiles.describe(problems));
                }
                JsonNode root = YAML.readTree(content);
                if (root == null || !root.isObject()) {
                    throw new MarginParameterException(f + ": must be a YAML mapping");
                }
                ParamNode node = new ParamNode(root, f.toString(), "");
                Provenance p = Provenance.of(node, "risk/" + name);
                if (p != null) {
                    provenance.put(name, p);
                }
                return parse.apply(node);
            } catch (IOException e) {
                throw new MarginParameterException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
    }
}
