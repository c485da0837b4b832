package io.concord.margin.simm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.mapping.MappingFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One SIMM calibration (a {@code mappings/simm/simm-X.Y.yaml} file) read for one horizon: every risk weight,
 * correlation, concentration threshold and ratio the engine uses, and whether concentration risk applies at the
 * horizon at all ({@code concentration.applies}; the 1-day calibration has none). Values split {@code {10d: .., 1d: ..}} in the
 * file are resolved to the horizon here. Loading checks shapes (matrix sizes, symmetry, every bucket covered)
 * and fails with the path of the offending table.
 */
public record SimmParameters(String version, String methodology, String calculationCurrency, Horizon horizon,
                             double curvatureScalingDays, double curvatureQuantile, double volatilityDays,
                             double volatilityQuantile, boolean concentrationApplies,
                             double[][] psi,
                             Ir ir, Bucketed creditQ, Bucketed creditNonQ, Bucketed equity, Bucketed commodity,
                             Fx fx) {

    public static final String RESIDUAL = "Residual";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Interest rate parameters; thresholds are in USD (already multiplied by 10^6). */
    public record Ir(List<String> tenors, Set<String> subCurves, Map<String, String> volGroupByCcy,
                     String defaultVolGroup, Map<String, double[]> riskWeights, double inflationRw, double xccyRw,
                     double[][] tenorCorr, double subCurveCorr, double inflationCorr, double xccyCorr, double gamma,
                     double vegaRw, double hvr, Map<String, String> liquidityGroupByCcy, String defaultLiquidityGroup,
                     Map<String, Double> deltaThreshold, Map<String, Double> vegaThreshold) {

        public double[] riskWeights(String ccy) {
            return riskWeights.get(volGroupByCcy.getOrDefault(ccy, defaultVolGroup));
        }

        public String liquidityGroup(String ccy) {
            return liquidityGroupByCcy.getOrDefault(ccy, defaultLiquidityGroup);
        }
    }

    /**
     * A bucketed risk class (credit qualifying / non-qualifying, equity, commodity). Maps are keyed by bucket
     * name, {@link #RESIDUAL} included where the class has one; thresholds are in USD. Within a bucket two risk
     * factors correlate by {@code sameQualifierCorr} when they share the Qualifier (credit qualifying), or the
     * Label2 group when {@code sameByLabel2} (credit non-qualifying), else by {@code differentQualifierCorr};
     * {@code curvatureZeroBuckets} have no curvature margin (equity bucket 12).
     */
    public record Bucketed(List<String> buckets, List<String> tenors, Map<String, Double> riskWeight,
                           Map<String, Double> sameQualifierCorr, Map<String, Double> differentQualifierCorr,
                           double[][] acrossBuckets, Map<String, Double> vegaRw, double hvr,
                           Map<String, Double> deltaThreshold, Map<String, Double> vegaThreshold,
                           double baseCorrRw, double baseCorrCorr, Set<String> curvatureZeroBuckets,
                           boolean sameByLabel2) {

        public boolean hasBucket(String b) {
            return riskWeight.containsKey(b);
        }
    }

    /** FX parameters; groups are {@code regular} / {@code high}; thresholds in USD. */
    public record Fx(Set<String> highVol, Map<String, Map<String, Double>> riskWeight,
                     Map<String, Map<String, Map<String, Double>>> corr, double vegaCorr, double vegaRw, double hvr,
                     Map<String, String> categoryByCcy, String defaultCategory, Map<String, Double> deltaThreshold,
                     Map<String, Double> vegaThreshold) {

        public String volGroup(String ccy) {
            return highVol.contains(ccy) ? "high" : "regular";
        }

        public String category(String ccy) {
            return categoryByCcy.getOrDefault(ccy, defaultCategory);
        }

        /** Key of the vega threshold of a pair of currency categories, e.g. {@code cat1-cat2}. */
        public static String pairKey(String a, String b) {
            return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
        }
    }

    /**
     * Reads {@code file} for {@code horizon}; an {@link IllegalArgumentException} naming the file (and, for a schema
     * problem, the line and path) when it is not a usable calibration.
     */
    public static SimmParameters load(Path file, Horizon horizon) throws IOException {
        // the calibration's schema first (mappings/schema/simm-calibration.schema.json): every problem with its
        // line; the reader below keeps the checks a schema cannot express (matrix sizes, buckets covered ...)
        MappingFiles.require(Files.readAllBytes(file), file.toString(), MappingFiles.Kind.SIMM_CALIBRATION);
        JsonNode root = YAML.readTree(Files.newBufferedReader(file));
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": not a SIMM calibration (expected a YAML mapping)");
        }
        try {
            return new Reader(horizon).read(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Tables (objects with a {@code source}) of a calibration file, by path: the data-file test checks them. */
    static Map<String, JsonNode> tables(Path file) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect("", YAML.readTree(Files.newBufferedReader(file)), out);
        return out;
    }

    private static void collect(String path, JsonNode n, Map<String, JsonNode> out) {
        if (n.isObject()) {
            if (n.has("source")) {
                out.put(path, n);
            }
            n.fields().forEachRemaining(e -> collect(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    e.getValue(), out));
        }
    }

    /** Resolves horizon-split values while walking the file; errors name the path. */
    private static final class Reader {
        private final Horizon h;

        Reader(Horizon h) {
            this.h = h;
        }

        SimmParameters read(JsonNode root) {
            JsonNode curv = req(root, "curvature");
            JsonNode cross = req(root, "crossRiskClass");
            List<String> classes = strings(req(cross, "riskClasses"), "crossRiskClass.riskClasses");
            List<String> expected = java.util.Arrays.stream(RiskClass.values()).map(Enum::name).toList();
            if (!classes.equals(expected)) {
                throw new IllegalArgumentException("crossRiskClass.riskClasses must be " + expected);
            }
            double[][] psi = matrix(req(cross, "psi"), 6, "crossRiskClass.psi");
            JsonNode vol = req(root, "volatility");
            return new SimmParameters(text(req(root, "version")), text(req(root, "methodology")),
                    text(req(root, "calculationCurrency")), h, num(req(curv, "scalingDays"), "curvature.scalingDays"),
                    num(req(curv, "quantile"), "curvature.quantile"), num(req(vol, "days"), "volatility.days"),
                    num(req(vol, "quantile"), "volatility.quantile"),
                    bool(req(req(root, "concentration"), "applies"), "concentration.applies"), psi,
                    ir(req(root, "interestRate")),
                    bucketed(req(root, "creditQualifying"), "creditQualifying", true),
                    bucketed(req(root, "creditNonQualifying"), "creditNonQualifying", false),
                    bucketed(req(root, "equity"), "equity", false),
                    bucketed(req(root, "commodity"), "commodity", false), fx(req(root, "fx")));
        }

        private Ir ir(JsonNode n) {
            List<String> tenors = strings(req(n, "tenors"), "interestRate.tenors");
            JsonNode vg = req(n, "volatilityGroups");
            Map<String, String> volGroup = groups(vg, Set.of("source", "otherwise"));
            JsonNode rwn = req(n, "riskWeights");
            Map<String, double[]> rw = new HashMap<>();
            for (String g : List.of("regular", "low", "high")) {
                rw.put(g, vector(req(rwn, g), tenors.size(), "interestRate.riskWeights." + g));
            }
            String defVol = text(req(vg, "otherwise"));
            if (!rw.containsKey(defVol) || !rw.keySet().containsAll(volGroup.values())) {
                throw new IllegalArgumentException("interestRate.volatilityGroups names a group without risk weights");
            }
            JsonNode other = req(n, "otherRiskWeights");
            JsonNode c = req(n, "correlations");
            JsonNode v = req(n, "vega");
            JsonNode conc = req(n, "concentration");
            Map<String, String> liq = groups(req(conc, "groups"), Set.of());
            String defLiq = text(req(conc, "otherwise"));
            Map<String, Double> dT = millions(keyed(req(conc, "delta"), "interestRate.concentration.delta"));
            Map<String, Double> vT = millions(keyed(req(conc, "vega"), "interestRate.concentration.vega"));
            for (String g : concat(liq.values(), defLiq)) {
                if (!dT.containsKey(g) || !vT.containsKey(g)) {
                    throw new IllegalArgumentException("interestRate.concentration: no threshold for group " + g);
                }
            }
            return new Ir(tenors, Set.copyOf(strings(req(n, "subCurves"), "interestRate.subCurves")), volGroup,
                    defVol, rw, num(req(other, "inflation"), "interestRate.otherRiskWeights.inflation"),
                    num(req(other, "xccyBasis"), "interestRate.otherRiskWeights.xccyBasis"),
                    matrix(req(c, "tenors"), tenors.size(), "interestRate.correlations.tenors"),
                    num(req(c, "subCurve"), "subCurve"), num(req(c, "inflation"), "inflation"),
                    num(req(c, "xccyBasis"), "xccyBasis"), num(req(c, "acrossCurrencies"), "acrossCurrencies"),
                    num(req(v, "riskWeight"), "interestRate.vega.riskWeight"), num(req(v, "hvr"), "hvr"),
                    liq, defLiq, dT, vT);
        }

        private Bucketed bucketed(JsonNode n, String name, boolean baseCorr) {
            List<String> buckets = strings(req(n, "buckets"), name + ".buckets");
            List<String> tenors = n.has("tenors") ? strings(n.get("tenors"), name + ".tenors") : List.of();
            JsonNode rwn = req(n, "riskWeights");
            Map<String, Double> rw = keyed(req(rwn, "byBucket"), name + ".riskWeights.byBucket");
            List<String> all = new ArrayList<>(buckets);
            if (rw.containsKey(RESIDUAL)) {
                all.add(RESIDUAL);
            }
            covers(rw, buckets, name + ".riskWeights.byBucket");
            JsonNode c = req(n, "correlations");
            // within a bucket: credit non-qualifying correlates by Label2 group (sameGroup / differentGroup), credit
            // qualifying by Qualifier (sameQualifier / differentQualifier); equity and commodity name only the latter
            boolean byGroup = c.has("sameGroup");
            String sameKey = byGroup ? "sameGroup" : "sameQualifier";
            String diffKey = byGroup ? "differentGroup" : "differentQualifier";
            Map<String, Double> diff = keyed(req(req(c, diffKey), "byBucket"), name + ".correlations." + diffKey);
            covers(diff, all, name + ".correlations." + diffKey);
            Map<String, Double> same = c.has(sameKey)
                    ? keyed(req(c.get(sameKey), "byBucket"), name + ".correlations." + sameKey) : null;
            if (same != null) {
                covers(same, all, name + ".correlations." + sameKey);
            }
            JsonNode v = req(n, "vega");
            JsonNode vrw = req(v, "riskWeight");
            Map<String, Double> vegaRw = new HashMap<>();
            if (vrw.isObject() && vrw.has("byBucket")) {
                vegaRw.putAll(keyed(vrw.get("byBucket"), name + ".vega.riskWeight"));
                covers(vegaRw, all, name + ".vega.riskWeight");
            } else {
                double w = num(vrw, name + ".vega.riskWeight");
                all.forEach(b -> vegaRw.put(b, w));
            }
            JsonNode conc = req(n, "concentration");
            Map<String, Double> dT = millions(keyed(req(conc, "delta"), name + ".concentration.delta"));
            Map<String, Double> vT = millions(keyed(req(conc, "vega"), name + ".concentration.vega"));
            covers(dT, all, name + ".concentration.delta");
            covers(vT, all, name + ".concentration.vega");
            Set<String> zeroCurvature = n.has("curvature")
                    ? Set.copyOf(strings(req(n.get("curvature"), "zeroBuckets"), name + ".curvature.zeroBuckets")) : Set.of();
            for (String b : zeroCurvature) {
                if (!all.contains(b)) {
                    throw new IllegalArgumentException(name + ".curvature.zeroBuckets names bucket " + b
                            + ", which is not a bucket of " + name);
                }
            }
            return new Bucketed(buckets, tenors, rw, same, diff,
                    matrix(req(c, "acrossBuckets"), buckets.size(), name + ".correlations.acrossBuckets"),
                    vegaRw, num(req(v, "hvr"), name + ".vega.hvr"), dT, vT,
                    baseCorr ? num(req(rwn, "baseCorrelation"), name + ".riskWeights.baseCorrelation") : 0,
                    baseCorr ? num(req(c, "baseCorrelation"), name + ".correlations.baseCorrelation") : 0,
                    zeroCurvature, byGroup);
        }

        private Fx fx(JsonNode n) {
            Set<String> high = Set.copyOf(strings(req(req(n, "volatilityGroups"), "high"), "fx.volatilityGroups.high"));
            JsonNode rwn = req(n, "riskWeights");
            JsonNode cn = req(n, "correlations");
            Map<String, Map<String, Double>> rw = new HashMap<>();
            Map<String, Map<String, Map<String, Double>>> corr = new HashMap<>();
            for (String calc : List.of("regular", "high")) {
                Map<String, Double> row = new HashMap<>();
                Map<String, Map<String, Double>> cm = new HashMap<>();
                for (String g : List.of("regular", "high")) {
                    row.put(g, num(req(req(rwn, calc), g), "fx.riskWeights." + calc + "." + g));
                    Map<String, Double> cr = new HashMap<>();
                    for (String g2 : List.of("regular", "high")) {
                        cr.put(g2, num(req(req(req(cn, calc), g), g2), "fx.correlations." + calc + "." + g + "." + g2));
                    }
                    cm.put(g, cr);
                }
                rw.put(calc, row);
                corr.put(calc, cm);
            }
            JsonNode v = req(n, "vega");
            JsonNode conc = req(n, "concentration");
            Map<String, String> cats = groups(req(conc, "categories"), Set.of());
            String defCat = text(req(conc, "otherwise"));
            Map<String, Double> dT = millions(keyed(req(conc, "delta"), "fx.concentration.delta"));
            Map<String, Double> vT = millions(keyed(req(conc, "vega"), "fx.concentration.vega"));
            for (String a : concat(cats.values(), defCat)) {
                if (!dT.containsKey(a)) {
                    throw new IllegalArgumentException("fx.concentration.delta: no threshold for " + a);
                }
                for (String b : concat(cats.values(), defCat)) {
                    if (!vT.containsKey(Fx.pairKey(a, b))) {
                        throw new IllegalArgumentException("fx.concentration.vega: no threshold for " + Fx.pairKey(a, b));
                    }
                }
            }
            return new Fx(high, rw, corr, num(req(cn, "vega"), "fx.correlations.vega"),
                    num(req(v, "riskWeight"), "fx.vega.riskWeight"), num(req(v, "hvr"), "fx.vega.hvr"),
                    cats, defCat, dT, vT);
        }

        private static List<String> concat(java.util.Collection<String> a, String b) {
            List<String> l = new ArrayList<>(new java.util.TreeSet<>(a));
            l.add(b);
            return l;
        }

        /** {@code group: [members]} → member → group. */
        private static Map<String, String> groups(JsonNode n, Set<String> skip) {
            Map<String, String> m = new HashMap<>();
            n.fields().forEachRemaining(e -> {
                if (!skip.contains(e.getKey())) {
                    e.getValue().forEach(c -> m.put(c.asText(), e.getKey()));
                }
            });
            return m;
        }

        private JsonNode pick(JsonNode n) {
            if (n != null && n.isObject() && (n.has("10d") || n.has("1d"))) {
                JsonNode v = n.get(h.label());
                if (v == null) {
                    throw new IllegalArgumentException("a value split by horizon has no " + h.label() + " entry");
                }
                return v;
            }
            return n;
        }

        private static JsonNode req(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return v;
        }

        private static String text(JsonNode n) {
            return n.asText();
        }

        private double num(JsonNode n, String path) {
            JsonNode v = pick(n);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(path + " must be a number, got " + v);
            }
            return v.doubleValue();
        }

        private boolean bool(JsonNode n, String path) {
            JsonNode v = pick(n);
            if (!v.isBoolean()) {
                throw new IllegalArgumentException(path + " must be true or false, got " + v);
            }
            return v.booleanValue();
        }

        private static List<String> strings(JsonNode n, String path) {
            if (!n.isArray()) {
                throw new IllegalArgumentException(path + " must be a list");
            }
            List<String> l = new ArrayList<>();
            n.forEach(x -> l.add(x.asText()));
            return List.copyOf(l);
        }

        private double[] vector(JsonNode n, int size, String path) {
            JsonNode v = pick(n);
            if (!v.isArray() || v.size() != size) {
                throw new IllegalArgumentException(path + " must be a list of " + size + " numbers");
            }
            double[] d = new double[size];
            for (int i = 0; i < size; i++) {
                d[i] = num(v.get(i), path + "[" + i + "]");
            }
            return d;
        }

        private double[][] matrix(JsonNode n, int size, String path) {
            JsonNode v = pick(n);
            if (!v.isArray() || v.size() != size) {
                throw new IllegalArgumentException(path + " must have " + size + " rows");
            }
            double[][] m = new double[size][];
            for (int i = 0; i < size; i++) {
                m[i] = vector(v.get(i), size, path + " row " + (i + 1));
            }
            for (int i = 0; i < size; i++) {
                if (m[i][i] != 1.0) {
                    throw new IllegalArgumentException(path + ": diagonal entry " + (i + 1) + " must be 1");
                }
                for (int j = 0; j < i; j++) {
                    if (m[i][j] != m[j][i]) {
                        throw new IllegalArgumentException(path + ": not symmetric at row " + (i + 1) + ", column "
                                + (j + 1));
                    }
                }
            }
            return m;
        }

        private Map<String, Double> keyed(JsonNode n, String path) {
            JsonNode v = pick(n);
            if (!v.isObject()) {
                throw new IllegalArgumentException(path + " must be a mapping");
            }
            Map<String, Double> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), num(e.getValue(), path + "." + e.getKey())));
            return m;
        }

        private static Map<String, Double> millions(Map<String, Double> m) {
            Map<String, Double> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, x * 1e6));
            return out;
        }

        private static void covers(Map<String, Double> m, List<String> buckets, String path) {
            for (String b : buckets) {
                if (!m.containsKey(b)) {
                    throw new IllegalArgumentException(path + " has no entry for bucket " + b);
                }
            }
        }
    }
}
