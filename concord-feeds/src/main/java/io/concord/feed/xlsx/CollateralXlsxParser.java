package io.concord.feed.xlsx;

import io.concord.feed.Attr;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.Fields;
import io.concord.feed.PullStream;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourceFile;
import io.concord.feed.XmlInput;
import io.concord.model.CollateralLine;
import io.concord.model.Identifiers;
import io.concord.model.Lineage;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code collateral-xlsx}: a collateral schedule kept in Excel. Each worksheet is read as a stream (POI's
 * {@link XSSFReader} for the parts, the hardened StAX reader of {@link XmlInput} for the sheet XML, so no sheet is
 * ever held whole); POI's zip-bomb limits stay on and a workbook that trips them is refused whole. The header row
 * is found by name in the first {@value #HEADER_SCAN_ROWS} rows of a sheet (the row with {@code asset_type} and
 * {@code quantity}); title and note rows above it are not data. The segregation class comes from a
 * {@code segregation_class} column or, without one, from the sheet's name (one sheet per class); a sheet with
 * neither a header row nor a class for a name (a cover or notes sheet) is not a schedule and is not read.
 *
 * <p>Columns (by name, any order): {@code as_of, owner_lei, account, asset_type, quantity, market_value, currency,
 * direction (POSTED|RECEIVED), purpose (IM|VM|EXCESS)}; {@code isin, cusip, dti, chain, contract_address,
 * custody_model, price, location, description} when the asset type needs them. Asset types: CASH, TREASURY_BILL,
 * TREASURY_NOTE, TREASURY_BOND, MMF, EQUITY, GOLD, TOKENIZED_TREASURY, TOKENIZED_MMF, STABLECOIN, BTC, ETH.
 *
 * <p>Formula cells are read as the value Excel cached when it last calculated the workbook, never recalculated;
 * the line's location names each such column and its formula. A formula with no cached value, or a cached error,
 * rejects the row.
 */
public final class CollateralXlsxParser implements FeedParser {

    public static final String ID = "collateral-xlsx";
    /** Attribute collateral definitions match on: the schedule's asset type. */
    public static final String ASSET_TYPE = "assetType";
    static final int HEADER_SCAN_ROWS = 20;
    static final List<String> REQUIRED = List.of("as_of", "owner_lei", "account", "asset_type", "quantity",
            "market_value", "currency", "direction", "purpose");
    static final List<String> OPTIONAL = List.of("segregation_class", "isin", "cusip", "dti", "chain",
            "contract_address", "custody_model", "price", "location", "description");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    /** What each asset type requires beyond the common columns. */
    enum AssetType {
        CASH(false, false), TREASURY_BILL(true, false), TREASURY_NOTE(true, false), TREASURY_BOND(true, false),
        MMF(true, false), EQUITY(true, false), GOLD(false, false), TOKENIZED_TREASURY(true, true),
        TOKENIZED_MMF(true, true), STABLECOIN(false, true), BTC(false, true), ETH(false, true);

        final boolean needsSecurityId;
        final boolean onLedger;

        AssetType(boolean needsSecurityId, boolean onLedger) {
            this.needsSecurityId = needsSecurityId;
            this.onLedger = onLedger;
        }

        /** Tokenized real-world assets and stablecoins are tokens issued by a contract; BTC and ETH are native. */
        boolean issuedByContract() {
            return this == TOKENIZED_TREASURY || this == TOKENIZED_MMF || this == STABLECOIN;
        }

        static Optional<AssetType> parse(String v) {
            try {
                return Optional.of(valueOf(v.trim().toUpperCase(Locale.ROOT).replace(' ', '_')));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    enum Custody { QUALIFIED_CUSTODIAN, THIRD_PARTY, SELF }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Collateral schedule workbook (XLSX): cash, Treasuries, MMF, equities, gold, tokenized assets, "
                + "stablecoins, BTC/ETH";
    }

    /** An OOXML package (a zip whose first entry is the content-types part), as Excel writes it. */
    @Override
    public boolean sniff(String head) {
        return head.startsWith("PK\u0003\u0004") && head.contains("[Content_Types].xml");
    }

    @Override
    public RecordStream open(InputStream in, SourceFile source) {
        return new Stream(in, source);
    }

    /** One cell: its cached value as text (null when empty), its formula (null when none), whether an error. */
    record Cell(String value, String formula, boolean error) {
    }

    private static final class Stream extends PullStream {
        private OPCPackage pkg;
        private ReadOnlySharedStringsTable strings;
        private XSSFReader.SheetIterator sheets;
        private SheetReader sheet;
        private long record;
        /** Whether the workbook counts dates from 1904 (older Mac Excel) rather than 1900. */
        private boolean date1904;

        Stream(InputStream in, SourceFile source) {
            super(in, source);
        }

        @Override
        protected FeedItem advance() {
            try {
                if (pkg == null) {
                    pkg = OPCPackage.open(in);
                    XSSFReader reader = new XSSFReader(pkg);
                    date1904 = date1904(reader);
                    strings = new ReadOnlySharedStringsTable(pkg, false);
                    sheets = reader.getSheetIterator();
                }
                while (true) {
                    if (sheet == null) {
                        if (!sheets.hasNext()) {
                            return null;
                        }
                        InputStream data = sheets.next();
                        sheet = new SheetReader(sheets.getSheetName(), XmlInput.open(data), data);
                    }
                    FeedItem item = sheet.next();
                    if (item != null) {
                        return item;
                    }
                    sheet.close();
                    sheet = null;
                }
            } catch (Exception e) {
                return end(fileFailure(e));
            }
        }

        /** Reads {@code <workbookPr date1904="1"/>} from the workbook part. */
        private static boolean date1904(XSSFReader reader) throws Exception {
            try (InputStream wb = reader.getWorkbookData()) {
                XMLStreamReader xml = XmlInput.open(wb);
                try {
                    while (xml.hasNext()) {
                        if (xml.next() == XMLStreamConstants.START_ELEMENT && "workbookPr".equals(xml.getLocalName())) {
                            String v = xml.getAttributeValue(null, "date1904");
                            return "1".equals(v) || "true".equalsIgnoreCase(v);
                        }
                    }
                    return false;
                } finally {
                    xml.close();
                }
            }
        }

        private RecordFailure fileFailure(Exception e) {
            String where = sheet == null ? "workbook" : "sheet '" + sheet.name + "' after row " + sheet.rowNumber;
            String message = rootMessage(e);
            if (e instanceof DtdRefused) {
                return RecordFailure.ofFile(source, where, ReasonCode.DTD_REFUSED, e.getMessage());
            }
            if (chainMentions(e, "zip bomb")) {
                return RecordFailure.ofFile(source, where, ReasonCode.ARCHIVE_REFUSED, "refused: the workbook "
                        + "expands beyond POI's zip-bomb limits and is not read: " + message);
            }
            return RecordFailure.ofFile(source, where, ReasonCode.MALFORMED_FILE, "not readable as an Excel "
                    + "workbook (.xlsx): " + message);
        }

        @Override
        protected void release() {
            if (sheet != null) {
                sheet.close();
                sheet = null;
            }
            if (pkg != null) {
                pkg.revert();
            }
        }

        /** Reads one worksheet's rows as a stream. */
        private final class SheetReader {
            private final String name;
            private final XMLStreamReader xml;
            private final InputStream data;
            private final SegregationClass sheetClass;
            private Map<String, Integer> columns;
            private final Map<Integer, String> headers = new TreeMap<>();
            private int rowNumber;
            private int scanned;
            private boolean finished;

            SheetReader(String name, XMLStreamReader xml, InputStream data) {
                this.name = name;
                this.xml = xml;
                this.data = data;
                this.sheetClass = SegregationClass.parse(name).orElse(null);
            }

            /** The next item of this sheet, or null when the sheet is done. */
            FeedItem next() throws XMLStreamException {
                while (!finished) {
                    Map<Integer, Cell> row = readRow();
                    if (row == null) {
                        finished = true;
                        return columns == null && sheetClass != null ? noHeader() : null;
                    }
                    if (columns == null) {
                        FeedItem problem = header(row);
                        if (problem != null || finished) {
                            finished = true;
                            return problem;
                        }
                        continue;
                    }
                    if (row.values().stream().allMatch(c -> c.value() == null && c.formula() == null)) {
                        continue;
                    }
                    record++;
                    return convert(row);
                }
                return null;
            }

            private RecordFailure noHeader() {
                return RecordFailure.ofFile(source, "sheet '" + name + "'", ReasonCode.MISSING_COLUMN, "sheet '"
                        + name + "' is named for a segregation class but has no header row with asset_type and "
                        + "quantity in its first " + HEADER_SCAN_ROWS + " rows");
            }

            /** Takes {@code row} as the header row if it names the key columns. */
            private FeedItem header(Map<Integer, Cell> row) {
                Map<String, Integer> named = new HashMap<>();
                row.forEach((col, cell) -> {
                    if (cell.value() != null) {
                        named.putIfAbsent(normalize(cell.value()), col);
                    }
                });
                if (!named.containsKey("assettype") || !named.containsKey("quantity")) {
                    if (++scanned < HEADER_SCAN_ROWS) {
                        return null;
                    }
                    finished = true; // no header row: a cover or notes sheet, unless it is named for a class
                    return sheetClass == null ? null : noHeader();
                }
                List<String> missing = new ArrayList<>();
                for (String c : REQUIRED) {
                    if (!named.containsKey(normalize(c))) {
                        missing.add(c);
                    }
                }
                if (!named.containsKey("segregationclass") && sheetClass == null) {
                    missing.add("segregation_class (or a sheet named for the class)");
                }
                row.forEach((col, cell) -> {
                    if (cell.value() != null) {
                        headers.put(col, cell.value().trim());
                    }
                });
                if (!missing.isEmpty()) {
                    return RecordFailure.ofFile(source, "sheet '" + name + "' row " + rowNumber + " (header)",
                            ReasonCode.MISSING_COLUMN, "required column(s) missing: " + String.join(", ", missing)
                                    + "; header has " + headers.values());
                }
                columns = named;
                return null;
            }

            private Cell cell(Map<Integer, Cell> row, String column) {
                Integer i = columns.get(normalize(column));
                return i == null ? null : row.get(i);
            }

            private FeedItem convert(Map<Integer, Cell> row) {
                Map<String, String> raw = new LinkedHashMap<>();
                List<String> formulas = new ArrayList<>();
                row.forEach((col, c) -> {
                    String h = headers.getOrDefault(col, columnName(col));
                    raw.put(h, c.error() ? "#ERROR " + c.value() : c.value());
                    if (c.formula() != null) {
                        formulas.add(h + " (=" + c.formula() + ")");
                    }
                });
                String location = "sheet '" + name + "' row " + rowNumber + (formulas.isEmpty() ? ""
                        : "; formula cached values: " + String.join(", ", formulas));
                Fields f = new Fields(source, record, location, raw);
                Map<String, String> v = new HashMap<>();
                for (String column : concat(REQUIRED, OPTIONAL)) {
                    Cell c = cell(row, column);
                    if (c == null) {
                        continue;
                    }
                    if (c.error()) {
                        f.fail(ReasonCode.INVALID_VALUE, column, column + " holds the error " + c.value()
                                + (c.formula() == null ? "" : " from the formula =" + c.formula()));
                    } else if (c.formula() != null && c.value() == null) {
                        f.fail(ReasonCode.MISSING_FIELD, column, column + " is the formula =" + c.formula()
                                + " with no cached value: recalculate and save the workbook in Excel");
                    }
                    v.put(column, c.value());
                }
                return line(f, v, location);
            }

            private Map<Integer, Cell> readRow() throws XMLStreamException {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new DtdRefused("sheet '" + name + "' carries a document type declaration: refused, "
                                + "DTDs and external entities are never processed");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
                        String r = xml.getAttributeValue(null, "r");
                        rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                        return cells();
                    }
                }
                return null;
            }

            /** The cells of the row whose start tag was just read. */
            private Map<Integer, Cell> cells() throws XMLStreamException {
                Map<Integer, Cell> row = new TreeMap<>();
                int next = 0;
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.END_ELEMENT && "row".equals(xml.getLocalName())) {
                        return row;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT && "c".equals(xml.getLocalName())) {
                        String ref = xml.getAttributeValue(null, "r");
                        int col = ref == null ? next : columnIndex(ref);
                        next = col + 1;
                        row.put(col, cell(xml.getAttributeValue(null, "t")));
                    }
                }
                return row;
            }

            /** Reads a {@code <c>} element's formula and cached value. */
            private Cell cell(String type) throws XMLStreamException {
                String formula = null;
                String value = null;
                StringBuilder inline = null;
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.END_ELEMENT && "c".equals(xml.getLocalName())) {
                        break;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "f" -> formula = xml.getElementText();
                            case "v" -> value = xml.getElementText();
                            case "t" -> {
                                inline = inline == null ? new StringBuilder() : inline;
                                inline.append(xml.getElementText());
                            }
                            default -> { }
                        }
                    }
                }
                String text = switch (type == null ? "n" : type) {
                    case "s" -> value == null ? null : strings.getItemAt(Integer.parseInt(value.trim())).getString();
                    case "inlineStr" -> inline == null ? null : inline.toString();
                    case "b" -> value == null ? null : "1".equals(value) ? "TRUE" : "FALSE";
                    case "n" -> plain(value);
                    default -> value;
                };
                return new Cell(Fields.clean(text), formula == null || formula.isEmpty() ? null : formula,
                        "e".equals(type));
            }

            void close() {
                try {
                    xml.close();
                    data.close();
                } catch (XMLStreamException | IOException e) {
                    // read-only input
                }
            }
        }

        private FeedItem line(Fields f, Map<String, String> v, String location) {
            LocalDate asOf = date(f, "as_of", v.get("as_of"), date1904);
            String owner = f.firm("owner_lei", v.get("owner_lei"), true);
            String account = f.required("account", v.get("account"));
            AssetType type = f.parse("asset_type", v.get("asset_type"), true, AssetType::parse,
                    ReasonCode.INVALID_VALUE, "one of " + Arrays.toString(AssetType.values()));
            SegregationClass seg = sheet.sheetClass;
            if (sheet.columns.containsKey("segregationclass")) {
                seg = f.parse("segregation_class", v.get("segregation_class"), true, SegregationClass::parse,
                        ReasonCode.UNKNOWN_SEGREGATION_CLASS, "one of " + Arrays.toString(SegregationClass.values()));
            }
            BigDecimal quantity = f.quantity("quantity", v.get("quantity"), true);
            BigDecimal marketValue = f.decimal("market_value", v.get("market_value"), true);
            BigDecimal price = f.decimal("price", v.get("price"), false);
            String currency = f.required("currency", v.get("currency"));
            if (currency != null && !CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
                f.fail(ReasonCode.INVALID_VALUE, "currency", "currency must be an ISO 4217 code, got '" + currency
                        + "'");
            }
            currency = currency == null ? null : currency.toUpperCase(Locale.ROOT);
            CollateralLine.Direction direction = f.parse("direction", v.get("direction"), true,
                    s -> enumOf(CollateralLine.Direction.class, s), ReasonCode.INVALID_VALUE, "POSTED or RECEIVED");
            CollateralLine.Purpose purpose = f.parse("purpose", v.get("purpose"), true,
                    s -> enumOf(CollateralLine.Purpose.class, s), ReasonCode.INVALID_VALUE, "IM, VM or EXCESS");
            String isin = f.isin("isin", v.get("isin"), false);
            String cusip = f.cusip("cusip", v.get("cusip"), false);
            String dti = Fields.clean(v.get("dti"));
            if (dti != null) {
                dti = dti.toUpperCase(Locale.ROOT);
                Optional<String> bad = Identifiers.checkDti(dti);
                if (bad.isPresent()) {
                    f.fail(ReasonCode.INVALID_DTI, "dti", bad.get());
                }
            }
            String chain = Fields.clean(v.get("chain"));
            String address = Fields.clean(v.get("contract_address"));
            Custody custody = f.parse("custody_model", v.get("custody_model"), false, s -> enumOf(Custody.class, s),
                    ReasonCode.INVALID_VALUE, "QUALIFIED_CUSTODIAN, THIRD_PARTY or SELF");
            if (type != null) {
                if (type.needsSecurityId && isin == null && cusip == null && f.ok()) {
                    f.fail(ReasonCode.MISSING_FIELD, "isin", type + " needs an ISIN or a CUSIP");
                }
                if (type.onLedger) {
                    f.required("chain", chain);
                    f.required("custody_model", v.get("custody_model"));
                }
                if (type == AssetType.TOKENIZED_TREASURY || type == AssetType.TOKENIZED_MMF) {
                    f.required("dti", dti);
                }
                if (type.issuedByContract()) {
                    f.required("contract_address", address);
                    if (address != null && address.startsWith("0x") && !EVM_ADDRESS.matcher(address).matches()) {
                        f.fail(ReasonCode.INVALID_VALUE, "contract_address", "a 0x contract address must be 0x and "
                                + "40 hex digits, got '" + address + "'");
                    }
                } else if (address != null) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, "contract_address", type + " is not issued by a "
                            + "token contract; contract_address must be empty");
                }
                if (!type.onLedger && (chain != null || dti != null)) {
                    f.fail(ReasonCode.INCONSISTENT_VALUES, chain != null ? "chain" : "dti", type + " is not held on "
                            + "a distributed ledger; chain and dti belong to tokenized assets");
                }
            }
            if (!f.ok()) {
                return f.failure();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Attr.FEED, ID);
            attrs.put(ASSET_TYPE, type.name());
            attrs.put(Attr.CURRENCY, currency);
            putIfPresent(attrs, Attr.ISIN, isin);
            putIfPresent(attrs, Attr.CUSIP, cusip);
            putIfPresent(attrs, Attr.DTI, dti);
            putIfPresent(attrs, "chain", chain == null ? null : chain.toUpperCase(Locale.ROOT));
            Lineage lineage = Lineage.of(ID, source.name(), record, location, source.submissionId());
            CollateralLine line = new CollateralLine(asOf, ID, owner, account, seg, Fields.clean(v.get("location")),
                    new CollateralLine.AssetIds(isin, cusip, dti, type == AssetType.CASH ? currency : null), null,
                    type.onLedger, chain == null ? null : chain.toUpperCase(Locale.ROOT), address,
                    custody == null ? null : custody.name(), quantity, price, marketValue, currency, null, null, null,
                    purpose, direction, null, lineage);
            return new SourceCollateral(line, attrs);
        }
    }

    /**
     * A numeric cell's value in plain form: writers store doubles as {@code 2000000.0} or {@code 1.25E7}, which
     * are the numbers 2000000 and 12500000.
     */
    static String plain(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** A date cell (an Excel serial day number, in the workbook's 1900 or 1904 date system) or ISO YYYY-MM-DD. */
    static LocalDate date(Fields f, String field, String value, boolean date1904) {
        String v = f.required(field, value);
        if (v != null && v.matches("\\d+(\\.\\d+)?")) {
            double serial = Double.parseDouble(v);
            if (DateUtil.isValidExcelDate(serial)) {
                return DateUtil.getLocalDateTime(serial, date1904).toLocalDate();
            }
        }
        return v == null ? null : f.date(field, v, true);
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, String v) {
        try {
            return Optional.of(Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String normalize(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Zero-based column of a cell reference such as {@code AB12}. */
    static int columnIndex(String ref) {
        int col = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return col - 1;
    }

    static String columnName(int index) {
        StringBuilder sb = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            sb.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return sb.toString();
    }

    /** A sheet whose XML declares a DTD. */
    private static final class DtdRefused extends XMLStreamException {
        DtdRefused(String message) {
            super(message);
        }
    }

    private static boolean chainMentions(Throwable e, String words) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String m = null;
        while (t != null) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }
}
