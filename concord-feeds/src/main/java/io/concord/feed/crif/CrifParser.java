package io.concord.feed.crif;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourceSensitivity;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import io.concord.model.Sensitivity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code crif}: ISDA Common Risk Interchange Format, comma- or tab-separated with a header row. Headers match
 * case-insensitively in any order, ignoring everything but letters and digits. Risk types, product classes,
 * IMModel and sub-curves are checked against the CRIF lists; currencies against ISO 4217; amounts must be
 * numbers; tenors and buckets must have CRIF's shape (their ranges belong to the SIMM calibration and are
 * checked by the SIMM engine).
 *
 * <p>A CRIF file names the portfolio it belongs to: as a gateway feed every row needs {@code FirmLEI} and
 * {@code PortfolioID} (or {@code Account}) columns; {@link #standalone()} (the {@code concord simm} command)
 * reads them when present and accepts files without them. {@code SegregationClass} is optional:
 * uncleared initial margin sits at a third-party custodian, so rows without one are {@code UNCLEARED_IM_SEG}.
 */
public final class CrifParser implements FeedParser {

    public static final String ID = "crif";
    private static final CsvMapper CSV = new CsvMapper();

    static final List<String> REQUIRED = List.of("ProductClass", "RiskType", "Qualifier", "Bucket", "Label1",
            "Label2", "Amount", "AmountCurrency");
    static final List<String> PARTY = List.of("FirmLEI", "PortfolioID");
    /**
     * Columns other CRIF writers name differently, by normalized header: ISDA's plural regulation headers
     * ({@code CollectRegulations}, also {@code collect_regulations}) are the singular ones Concord reads.
     */
    static final Map<String, String> ALIASES = Map.of("collectregulations", "collectregulation",
            "postregulations", "postregulation", "account", "portfolioid");
    /**
     * Columns of the CRIF standard (and Concord's FirmLEI / SegregationClass) by normalized header: read, or
     * defined by the standard and not needed for SIMM (EndDate, ValuationDate, ...). Any other column is
     * reported once as a warning.
     */
    static final Set<String> KNOWN = Set.of("productclass", "risktype", "qualifier", "bucket", "label1", "label2",
            "amount", "amountcurrency", "amountusd", "firmlei", "portfolioid", "tradeid", "immodel",
            "segregationclass", "postregulation", "collectregulation", "enddate", "valuationdate", "tradetype",
            "counterparty", "counterpartyid", "nettingsetid", "agreementtype", "calltype", "initialmargintype",
            "legalentityid", "sensitivityid", "creditquality", "longshortind", "coveredbyuseforguide");

    /** CRIF risk types Concord reads: SIMM sensitivities, SIMM add-on parameters, Schedule inputs. */
    static final Set<String> RISK_TYPES = Set.of("Risk_IRCurve", "Risk_Inflation", "Risk_XCcyBasis", "Risk_IRVol",
            "Risk_InflationVol", "Risk_CreditQ", "Risk_CreditNonQ", "Risk_BaseCorr", "Risk_CreditVol",
            "Risk_CreditVolNonQ", "Risk_Equity", "Risk_EquityVol", "Risk_Commodity", "Risk_CommodityVol", "Risk_FX",
            "Risk_FXVol", "Param_ProductClassMultiplier", "Param_AddOnFixedAmount", "Param_AddOnNotionalFactor",
            "Notional", "PV");
    /** SIMM product classes. */
    static final Set<String> SIMM_PRODUCT_CLASSES = Set.of("RatesFX", "Credit", "Equity", "Commodity");
    /** Schedule product classes (IMModel Schedule). */
    static final Set<String> SCHEDULE_PRODUCT_CLASSES = Set.of("Rates", "FX", "Credit", "Equity", "Commodity");
    static final Set<String> SUB_CURVES = Set.of("OIS", "Libor1m", "Libor3m", "Libor6m", "Libor12m", "Prime",
            "Municipal");
    private static final Pattern TENOR = Pattern.compile("\\d+[wmyWMY]");
    private static final Pattern BUCKET = Pattern.compile("\\d{1,2}|(?i:residual)");
    private static final Map<String, String> CANONICAL = new HashMap<>();

    static {
        for (String s : RISK_TYPES) {
            CANONICAL.put(s.toLowerCase(Locale.ROOT), s);
        }
        for (String s : SIMM_PRODUCT_CLASSES) {
            CANONICAL.put(s.toLowerCase(Locale.ROOT), s);
        }
        for (String s : SCHEDULE_PRODUCT_CLASSES) {
            CANONICAL.put(s.toLowerCase(Locale.ROOT), s);
        }
    }

    private final boolean partyRequired;

    /** The gateway feed: rows must name their firm (LEI) and portfolio. */
    public CrifParser() {
        this(true);
    }

    private CrifParser(boolean partyRequired) {
        this.partyRequired = partyRequired;
    }

    /** For SIMM on one CRIF file: firm and portfolio columns optional. */
    public static CrifParser standalone() {
        return new CrifParser(false);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ISDA CRIF sensitivities (ProductClass, RiskType, Qualifier, Bucket, Label1, Label2, Amount...) for SIMM";
    }

    @Override
    public boolean sniff(String head) {
        String first = head.lines().findFirst().orElse("");
        String norm = normalize(first);
        return (first.contains(",") || first.contains("\t")) && norm.contains("risktype")
                && norm.contains("qualifier") && norm.contains("productclass");
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source, partyRequired);
    }

    static String normalize(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static final class Stream implements RecordStream {
        private final SourceFile source;
        private final InputStream in;
        private BufferedReader reader;
        private final boolean partyRequired;
        private MappingIterator<String[]> rows;
        private final Map<String, Integer> columns = new HashMap<>();
        private final List<String> headers = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private boolean done;
        private long record;
        private FeedItem pending;

        Stream(InputStream in, SourceFile source, boolean partyRequired) {
            this.source = source;
            this.in = in;
            this.partyRequired = partyRequired;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                pending = advance();
            }
            return pending != null;
        }

        @Override
        public FeedItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FeedItem item = pending;
            pending = null;
            return item;
        }

        private FeedItem advance() {
            try {
                if (rows == null) {
                    reader = new BufferedReader(io.concord.feed.TextEncoding.reader(in), 1 << 16);
                    reader.mark(1 << 15);
                    String first = reader.readLine();
                    reader.reset();
                    char sep = first != null && first.contains("\t") ? '\t' : ',';
                    rows = CSV.readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                            .with(CsvSchema.emptySchema().withColumnSeparator(sep)).readValues(reader);
                    FeedItem headerProblem = readHeader();
                    if (headerProblem != null) {
                        return headerProblem;
                    }
                }
                while (rows.hasNextValue()) {
                    String[] row = rows.nextValue();
                    JsonLocation at = rows.getParser().currentTokenLocation();
                    if (row.length == 1 && Fields.clean(row[0]) == null) {
                        continue; // blank line
                    }
                    record++;
                    return row(row, at.getLineNr());
                }
                done = true;
                close();
                return null;
            } catch (IOException | RuntimeException e) {
                done = true;
                close();
                return RecordFailure.ofFile(source, "after record " + record, ReasonCode.MALFORMED_FILE,
                        "not readable as CSV: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            }
        }

        private FeedItem readHeader() throws IOException {
            if (!rows.hasNextValue()) {
                done = true;
                return RecordFailure.ofFile(source, "line 1", ReasonCode.MISSING_COLUMN, "the file is empty: no header row");
            }
            String[] header = rows.nextValue();
            Map<String, String> firstName = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                String h = header[i].replace("\uFEFF", "").trim();
                headers.add(h);
                String n = normalize(h);
                String key = ALIASES.getOrDefault(n, n);
                if (h.isEmpty()) {
                    continue;
                }
                if (!KNOWN.contains(key)) {
                    warnings.add("line 1 (header): column '" + h + "' is not a CRIF column Concord reads; its values"
                            + " are ignored");
                } else if (columns.putIfAbsent(key, i) != null) {
                    warnings.add("line 1 (header): column '" + h + "' repeats column '" + firstName.get(key)
                            + "'; the first one is read, this one ignored");
                } else {
                    firstName.put(key, h);
                }
            }
            List<String> missing = new ArrayList<>();
            for (String c : REQUIRED) {
                if (!columns.containsKey(normalize(c))) {
                    missing.add(c);
                }
            }
            if (partyRequired) {
                for (String c : PARTY) {
                    if (!columns.containsKey(normalize(c))) {
                        missing.add(c.equals("PortfolioID") ? "PortfolioID (or Account)" : c);
                    }
                }
            }
            if (!missing.isEmpty()) {
                done = true;
                close();
                return RecordFailure.ofFile(source, "line 1 (header)", ReasonCode.MISSING_COLUMN,
                        "required column(s) missing: " + String.join(", ", missing) + "; header has " + headers);
            }
            return null;
        }

        private String get(String[] row, String column) {
            Integer i = columns.get(column);
            return i == null || i >= row.length ? null : row[i];
        }

        private FeedItem row(String[] row, int line) {
            Map<String, String> raw = new RowAttributes(headers, row);
            String location = "line " + line;
            Fields f = new Fields(source, record, location, raw);
            if (row.length != headers.size()) {
                f.fail(ReasonCode.MALFORMED_FILE, null, "row has " + row.length + " fields, header has " + headers.size());
            }
            String firm = f.firm("FirmLEI", get(row, "firmlei"), partyRequired);
            String account = partyRequired ? f.required("PortfolioID", get(row, "portfolioid"))
                    : Fields.clean(get(row, "portfolioid"));
            SegregationClass seg = f.parse("SegregationClass", get(row, "segregationclass"), false,
                    SegregationClass::parse, ReasonCode.UNKNOWN_SEGREGATION_CLASS,
                    "one of " + Arrays.toString(SegregationClass.values()));
            String imModel = f.parse("IMModel", get(row, "immodel"), false, CrifParser::imModel,
                    ReasonCode.INVALID_VALUE, "SIMM or Schedule");
            String riskType = f.parse("RiskType", get(row, "risktype"), true, v -> canonical(v, RISK_TYPES),
                    ReasonCode.INVALID_VALUE, "a CRIF risk type (Risk_IRCurve, Risk_FX, ..., Param_AddOnFixedAmount)");
            boolean schedule = "Schedule".equals(imModel);
            boolean sensitivity = riskType != null && riskType.startsWith("Risk_");
            Set<String> classes = schedule ? SCHEDULE_PRODUCT_CLASSES : SIMM_PRODUCT_CLASSES;
            String productClass = f.parse("ProductClass", get(row, "productclass"), sensitivity || schedule,
                    v -> canonical(v, classes), ReasonCode.INVALID_VALUE, String.join(", ", new java.util.TreeSet<>(classes)));
            String qualifier = Fields.clean(get(row, "qualifier"));
            String bucket = Fields.clean(get(row, "bucket"));
            String label1 = Fields.clean(get(row, "label1"));
            String label2 = Fields.clean(get(row, "label2"));
            BigDecimal amount = f.decimal("Amount", get(row, "amount"), false);
            boolean unitless = "Param_ProductClassMultiplier".equals(riskType)
                    || "Param_AddOnNotionalFactor".equals(riskType);
            String currency = currency(f, "AmountCurrency", get(row, "amountcurrency"), amount != null && !unitless);
            BigDecimal amountUsd = f.decimal("AmountUSD", get(row, "amountusd"), false);
            if (amountUsd == null && amount != null && "USD".equals(currency)) {
                amountUsd = amount;
            } else if (amountUsd != null && amount != null && "USD".equals(currency)
                    && amountUsd.compareTo(amount) != 0) {
                f.fail(ReasonCode.INCONSISTENT_VALUES, "AmountUSD", "AmountCurrency is USD but Amount "
                        + amount.toPlainString() + " differs from AmountUSD " + amountUsd.toPlainString());
            }
            if (riskType != null && f.ok()) {
                if (schedule) {
                    checkSchedule(f, riskType, Fields.clean(get(row, "tradeid")), qualifier, amountUsd);
                } else {
                    checkRiskType(f, riskType, qualifier, bucket, label1, label2, amount, amountUsd);
                }
            }
            String post = Fields.clean(get(row, "postregulation"));
            String collect = Fields.clean(get(row, "collectregulation"));
            if (!f.ok()) {
                return f.failure();
            }
            return new SourceSensitivity(new Sensitivity(firm, account,
                    seg == null ? SegregationClass.UNCLEARED_IM_SEG : seg, Fields.clean(get(row, "tradeid")), imModel,
                    productClass, riskType, qualifier, bucket, label1, label2, amount, currency, amountUsd, post,
                    collect, Lineage.of(ID, source.name(), record, location, source.submissionId())));
        }

        private static String currency(Fields f, String field, String value, boolean required) {
            String v = required ? f.required(field, value) : Fields.clean(value);
            if (v == null) {
                return null;
            }
            if (!isCurrency(v)) {
                f.fail(ReasonCode.INVALID_VALUE, field, field + " must be an ISO 4217 currency code, got '" + v + "'");
                return null;
            }
            return v;
        }

        /** The per-risk-type shape of a row (CRIF specification, one rule per risk type). */
        private static void checkRiskType(Fields f, String rt, String qualifier, String bucket, String label1,
                                          String label2, BigDecimal amount, BigDecimal amountUsd) {
            switch (rt) {
                case "Param_ProductClassMultiplier" -> {
                    if (f.required("Qualifier", qualifier) != null && canonical(qualifier, SIMM_PRODUCT_CLASSES).isEmpty()) {
                        f.fail(ReasonCode.INVALID_VALUE, "Qualifier", "Param_ProductClassMultiplier Qualifier must be "
                                + "a SIMM product class (RatesFX, Credit, Equity, Commodity), got '" + qualifier + "'");
                    }
                    positive(f, "Amount", amount, "the multiplier");
                    return;
                }
                case "Param_AddOnNotionalFactor" -> {
                    f.required("Qualifier", qualifier);
                    positive(f, "Amount", amount, "the notional factor (percent)");
                    return;
                }
                default -> { }
            }
            if (amountUsd == null) {
                f.fail(ReasonCode.MISSING_FIELD, "AmountUSD", "AmountUSD is required (or Amount with AmountCurrency USD)");
                return;
            }
            switch (rt) {
                case "Param_AddOnFixedAmount", "PV" -> { }
                case "Notional" -> f.required("Qualifier", qualifier);
                case "Risk_IRCurve" -> {
                    ccy(f, qualifier);
                    tenor(f, label1, true);
                    if (f.required("Label2", label2) != null && canonical(label2, SUB_CURVES).isEmpty()) {
                        f.fail(ReasonCode.INVALID_VALUE, "Label2", "Risk_IRCurve Label2 must be a sub-curve "
                                + new java.util.TreeSet<>(SUB_CURVES) + ", got '" + label2 + "'");
                    }
                }
                case "Risk_Inflation", "Risk_XCcyBasis" -> ccy(f, qualifier);
                case "Risk_IRVol", "Risk_InflationVol" -> {
                    ccy(f, qualifier);
                    tenor(f, label1, true);
                }
                case "Risk_FX" -> ccy(f, qualifier);
                case "Risk_FXVol" -> {
                    String q = f.required("Qualifier", qualifier);
                    String pair = q == null ? null : q.replace("/", "").toUpperCase(Locale.ROOT);
                    if (pair != null && (pair.length() != 6 || !isCurrency(pair.substring(0, 3))
                            || !isCurrency(pair.substring(3)))) {
                        f.fail(ReasonCode.INVALID_VALUE, "Qualifier", "Risk_FXVol Qualifier must be a pair of ISO "
                                + "4217 codes such as EURUSD, got '" + q + "'");
                    }
                    tenor(f, label1, true);
                }
                case "Risk_BaseCorr" -> f.required("Qualifier", qualifier);
                default -> { // credit, equity, commodity: delta and vol
                    f.required("Qualifier", qualifier);
                    String b = f.required("Bucket", bucket);
                    if (b != null && !BUCKET.matcher(b).matches()) {
                        f.fail(ReasonCode.INVALID_VALUE, "Bucket", rt + " Bucket must be a bucket number or Residual, got '"
                                + b + "'");
                    }
                    boolean credit = rt.startsWith("Risk_Credit");
                    tenor(f, label1, credit || rt.endsWith("Vol"));
                }
            }
        }

        /**
         * A Schedule row: Notional or PV of one trade, named by its TradeID (or, as some writers do, its
         * Qualifier); the product class and trade identify it, so the Qualifier may be empty.
         */
        private static void checkSchedule(Fields f, String rt, String tradeId, String qualifier, BigDecimal amountUsd) {
            if (!rt.equals("Notional") && !rt.equals("PV")) {
                f.fail(ReasonCode.INVALID_VALUE, "RiskType", "an IMModel Schedule row is a Notional or PV, got '" + rt
                        + "'");
                return;
            }
            if (tradeId == null && qualifier == null) {
                f.fail(ReasonCode.MISSING_FIELD, "TradeID", "a Schedule " + rt + " row needs its TradeID (or a "
                        + "Qualifier) to pair the trade's notional and PV");
            }
            if (amountUsd == null) {
                f.fail(ReasonCode.MISSING_FIELD, "AmountUSD", "AmountUSD is required (or Amount with AmountCurrency USD)");
            }
        }

        private static void ccy(Fields f, String q) {
            String v = f.required("Qualifier", q);
            if (v != null && !isCurrency(v)) {
                f.fail(ReasonCode.INVALID_VALUE, "Qualifier", "Qualifier must be an ISO 4217 currency code, got '"
                        + v + "'");
            }
        }

        private static void tenor(Fields f, String label1, boolean required) {
            String v = required ? f.required("Label1", label1) : label1;
            if (v != null && !TENOR.matcher(v).matches()) {
                f.fail(ReasonCode.INVALID_VALUE, "Label1", "Label1 must be a tenor such as 2w, 3m, 10y, got '" + v + "'");
            }
        }

        private static void positive(Fields f, String field, BigDecimal v, String what) {
            if (v == null) {
                f.fail(ReasonCode.MISSING_FIELD, field, field + " is required: " + what);
            } else if (v.signum() <= 0) {
                f.fail(ReasonCode.INVALID_NUMBER, field, field + " (" + what + ") must be positive, got "
                        + v.toPlainString());
            }
        }

        @Override
        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        @Override
        public void close() {
            try {
                if (rows != null) {
                    rows.close();
                }
                if (reader != null) {
                    reader.close();
                } else {
                    in.close();
                }
            } catch (IOException e) {
                // read-only input
            }
        }
    }

    /** A row's raw attributes (header → value), built only when a failure asks for them. */
    private static final class RowAttributes extends java.util.AbstractMap<String, String> {
        private final List<String> headers;
        private final String[] row;

        RowAttributes(List<String> headers, String[] row) {
            this.headers = headers;
            this.row = row;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < row.length && i < headers.size(); i++) {
                m.put(headers.get(i), row[i]);
            }
            return m.entrySet();
        }
    }

    static boolean isCurrency(String code) {
        if (code.length() != 3 || !code.equals(code.toUpperCase(Locale.ROOT))) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The value as spelled by CRIF when it is one of {@code allowed} ignoring case. */
    static Optional<String> canonical(String v, Set<String> allowed) {
        if (allowed.contains(v)) {
            return Optional.of(v);
        }
        String c = CANONICAL.getOrDefault(v.toLowerCase(Locale.ROOT), v);
        if (allowed.contains(c)) {
            return Optional.of(c);
        }
        return allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst();
    }

    static Optional<String> imModel(String v) {
        if (v.equalsIgnoreCase("SIMM")) {
            return Optional.of("SIMM");
        }
        return v.equalsIgnoreCase("Schedule") ? Optional.of("Schedule") : Optional.empty();
    }
}
