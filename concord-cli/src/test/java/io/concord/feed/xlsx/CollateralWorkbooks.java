package io.concord.feed.xlsx;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds the collateral workbooks under {@code fixtures/} with POI, as a firm's spreadsheet would hold them (title
 * rows above the header, date cells, formulas with cached values). Run {@link #main} to rewrite the committed
 * fixtures; tests read the committed files and build edge cases with the same methods.
 */
public final class CollateralWorkbooks {

    static final String HUDSON = "549300HUDSONCLR0RG39";
    static final String NORTHSTAR = "549300NORTHSTARBK030";
    static final String QUARRY = "549300QUARRYCAPLP023";
    static final String BLUE_HERON = "549300BLUEHERONAM094";
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 20);

    private CollateralWorkbooks() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Files.write(root.resolve("fixtures/collateral/collateral-hudson-2026-11-20.xlsx"), hudson());
        Files.write(root.resolve("fixtures/collateral/collateral-northstar-2026-11-20.xlsx"), northstar());
        Files.write(root.resolve("fixtures/bad/collateral-bad-rows.xlsx"), bad());
        Files.write(root.resolve("fixtures/bad/collateral-zip-bomb.xlsx"), zipBomb(20 << 20));
    }

    static final List<String> HEADER = List.of("As Of", "Owner LEI", "Account", "Asset Type", "Description", "ISIN",
            "CUSIP", "DTI", "Chain", "Contract Address", "Custody Model", "Quantity", "Price", "Market Value",
            "Currency", "Direction", "Purpose", "Location");

    /** Hudson Clearing (FCM): one sheet per segregation class, a cover sheet, dates as date cells. */
    static byte[] hudson() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet cover = wb.createSheet("Cover");
            cover.createRow(0).createCell(0).setCellValue("Hudson Clearing LLC - collateral schedule");
            cover.createRow(1).createCell(0).setCellValue("Business date 2026-11-20. One sheet per segregation class.");
            Sheet fut = schedule(wb, "CFTC_4D_FUT", "Futures customer segregated (CEA 4d(a))", HEADER);
            row(fut, AS_OF, QUARRY, "CUST-1001", "CASH", "USD cash", "", "", "", "", "", "", 12500000, 1, 12500000,
                    "USD", "POSTED", "IM", "BNY Mellon");
            row(fut, AS_OF, QUARRY, "CUST-1001", "CASH", "EUR cash", "", "", "", "", "", "", 2000000, 1, 2000000,
                    "EUR", "POSTED", "IM", "BNY Mellon");
            row(fut, AS_OF, QUARRY, "CUST-1001", "TREASURY_BILL", "UST bill 2027-03-18", "US912797QZ38", "", "", "",
                    "", "", 5000000, 98.734, "=L{r}*M{r}/100", "USD", "POSTED", "IM", "DTC");
            row(fut, AS_OF, QUARRY, "CUST-1001", "TREASURY_NOTE", "UST 4.125% 2031-10-31", "US91282CLN91", "", "",
                    "", "", "", 8000000, 100.4375, "=L{r}*M{r}/100", "USD", "POSTED", "IM", "DTC");
            row(fut, AS_OF, BLUE_HERON, "CUST-1002", "MMF", "Government MMF, institutional shares", "US38141W2733",
                    "", "", "", "", "", 3000000, 1, 3000000, "USD", "POSTED", "IM", "Transfer agent");
            row(fut, AS_OF, BLUE_HERON, "CUST-1002", "TOKENIZED_MMF", "Tokenized government MMF (Ethereum)",
                    "US09261Z1075", "", "Z3TK9MBQ7", "Ethereum", "0x7712c34205737192402172409a8f7ccef8aa2aec",
                    "QUALIFIED_CUSTODIAN", 4000000, 1, 4000000, "USD", "POSTED", "IM", "Anchorage Digital");
            row(fut, AS_OF, BLUE_HERON, "CUST-1002", "TOKENIZED_TREASURY", "Tokenized short Treasury fund",
                    "US74933W1062", "", "7QX4ZNH2M", "Ethereum", "0x1B19C19393e2d034D8Ff31ff34c81252FcBbee92",
                    "QUALIFIED_CUSTODIAN", 15000, 108.21, "=L{r}*M{r}", "USD", "POSTED", "IM", "Anchorage Digital");
            row(fut, AS_OF, BLUE_HERON, "CUST-1002", "STABLECOIN", "USDC", "", "", "4H95J0R2X", "Ethereum",
                    "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "THIRD_PARTY", 5000000, 0.9999, "=L{r}*M{r}",
                    "USD", "POSTED", "EXCESS", "Coinbase Custody");
            Sheet house = schedule(wb, "CFTC_HOUSE", "House (proprietary)", HEADER);
            row(house, AS_OF, HUDSON, "HOUSE-01", "CASH", "USD cash", "", "", "", "", "", "", 40000000, 1, 40000000,
                    "USD", "POSTED", "IM", "CME Clearing");
            row(house, AS_OF, HUDSON, "HOUSE-01", "TREASURY_BOND", "UST 4.625% 2055-11-15", "US912810UE63", "", "",
                    "", "", "", 10000000, 97.15625, "=L{r}*M{r}/100", "USD", "POSTED", "IM", "CME Clearing");
            row(house, AS_OF, HUDSON, "HOUSE-01", "GOLD", "LBMA good delivery bars, allocated", "", "", "", "", "",
                    "", 1200, 4085.5, "=L{r}*M{r}", "USD", "POSTED", "IM", "COMEX depository");
            Sheet xm = schedule(wb, "XM", "Cross-margin accounts", HEADER);
            row(xm, AS_OF, QUARRY, "XM-2001", "EQUITY", "SPDR S&P 500 ETF Trust", "US78462F1030", "78462F103", "",
                    "", "", "", 20000, 683.10, "=L{r}*M{r}", "USD", "POSTED", "IM", "DTC");
            row(xm, AS_OF, QUARRY, "XM-2001", "BTC", "Bitcoin", "", "", "V15WLZJMF", "Bitcoin", "",
                    "QUALIFIED_CUSTODIAN", 25, 97850, "=L{r}*M{r}", "USD", "POSTED", "IM", "Coinbase Custody");
            return bytes(wb);
        }
    }

    static final List<String> FLAT_HEADER = List.of("as_of", "owner_lei", "account", "segregation_class",
            "asset_type", "isin", "dti", "chain", "contract_address", "custody_model", "quantity", "price",
            "market_value", "currency", "direction", "purpose", "location");

    /** Northstar Bank (SBS dealer): one sheet with a segregation_class column, dates as ISO text. */
    static byte[] northstar() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet s = schedule(wb, "Collateral", "Northstar Bank N.A. - margin collateral held and posted",
                    FLAT_HEADER);
            String d = AS_OF.toString();
            row(s, d, QUARRY, "549300QUARRYCAPLP023", "UNCLEARED_IM_SEG", "TREASURY_NOTE", "US91282CLN91", "", "",
                    "", "", 20000000, 100.4375, "=K{r}*L{r}/100", "USD", "RECEIVED", "IM", "State Street (tri-party)");
            row(s, d, QUARRY, "549300QUARRYCAPLP023", "UNCLEARED_IM_SEG", "EQUITY", "US0378331005", "", "", "", "",
                    30000, 268.40, "=K{r}*L{r}", "USD", "RECEIVED", "IM", "State Street (tri-party)");
            row(s, d, NORTHSTAR, "549300QUARRYCAPLP023", "UNCLEARED_IM_SEG", "ETH", "", "X9J9K872S", "Ethereum",
                    "", "QUALIFIED_CUSTODIAN", 1500, 3120.75, "=K{r}*L{r}", "USD", "POSTED", "IM", "BitGo Trust");
            row(s, d, BLUE_HERON, "549300BLUEHERONAM094", "SEC_SBS_18A_4", "CASH", "", "", "", "", "", 6500000, 1,
                    6500000, "USD", "RECEIVED", "VM", "Northstar Bank");
            row(s, d, BLUE_HERON, "549300BLUEHERONAM094", "SEC_SBS_18A_4", "TOKENIZED_MMF", "US35473P1084",
                    "B3NJ1FT7N", "Stellar", "GBHNGLLIE3KWGKCHIKMHJ5HVZHYIK7WTBE4QF5PLAKL4CJGSEU7HZIW5",
                    "QUALIFIED_CUSTODIAN", 2500000, 1, 2500000, "USD", "RECEIVED", "IM", "Franklin Templeton");
            row(s, d, "549300LARKSPURSEC059", "C-10021", "SEC_15C3_3_CUST", "CASH", "", "", "", "", "", 150000000, 1,
                    150000000, "JPY", "RECEIVED", "EXCESS", "MUFG");
            row(s, d, "549300LARKSPURSEC059", "C-10021", "SEC_15C3_3_CUST", "CASH", "", "", "", "", "", 750000, 1,
                    750000, "GBP", "RECEIVED", "EXCESS", "Northstar Bank London");
            row(s, d, "549300LARKSPURSEC059", "C-10021", "SEC_15C3_3_CUST", "CASH", "", "", "", "", "", 900000, 1,
                    900000, "CHF", "RECEIVED", "EXCESS", "Northstar Bank Zurich");
            return bytes(wb);
        }
    }

    /** Rows that must be rejected, each for one reason, after one good row; and a class sheet with no header. */
    static byte[] bad() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet s = schedule(wb, "Schedule", "Rows with problems", FLAT_HEADER);
            String d = AS_OF.toString();
            String q = QUARRY;
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "CASH", "", "", "", "", "", 100, 1, 100, "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "TREASURY_NOTE", "US91282CLN92", "", "", "", "", 100, 100, 100,
                    "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "TOKENIZED_MMF", "US09261Z1075", "Z3TK9MB", "Ethereum",
                    "0x7712c34205737192402172409a8f7ccef8aa2aec", "QUALIFIED_CUSTODIAN", 100, 1, 100, "USD", "POSTED",
                    "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "TOKENIZED_MMF", "US09261Z1075", "Z3TK9MBQ7", "Ethereum", "",
                    "QUALIFIED_CUSTODIAN", 100, 1, 100, "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "CORPORATE_BOND", "US0378331005", "", "", "", "", 100, 1, 100,
                    "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "GOLD", "", "", "", "", "", 100, 4085.5, "=K{r}*L{r}!", "USD",
                    "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "GOLD", "", "", "", "", "", 100, 0, "=K{r}/L{r}", "USD",
                    "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CUSTOMER", "CASH", "", "", "", "", "", 100, 1, 100, "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "CASH", "", "", "", "", "", -100, 1, -100, "USD", "POSTED", "IM",
                    "");
            row(s, d, "549300QUARRYCAPLP024", "CUST-1001", "CFTC_4D_FUT", "CASH", "", "", "", "", "", 100, 1, 100,
                    "USD", "POSTED", "IM", "");
            row(s, d, q, "CUST-1001", "CFTC_4D_FUT", "CASH", "", "", "Ethereum", "", "", 100, 1, 100, "USD",
                    "POSTED", "IM", "");
            Sheet noHeader = wb.createSheet("CFTC_4D_FUT");
            noHeader.createRow(0).createCell(0).setCellValue("to be filled in");
            return bytes(wb);
        }
    }

    /**
     * A workbook whose first sheet inflates to {@code size} bytes of blanks from a few kilobytes: a zip bomb by
     * POI's inflate-ratio limit (expanded size over 100 times the compressed size).
     */
    static byte[] zipBomb(int size) throws IOException {
        byte[] plain = hudson();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream zin = new ZipInputStream(new java.io.ByteArrayInputStream(plain));
             ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] content = zin.readAllBytes();
                zout.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet2.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    zout.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 16];
                    java.util.Arrays.fill(blanks, (byte) ' ');
                    for (int written = 0; written < size; written += blanks.length) {
                        zout.write(blanks);
                    }
                    zout.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zout.write(content);
                }
                zout.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A sheet with a title row, a blank row and then the header row (row 3). */
    static Sheet schedule(XSSFWorkbook wb, String name, String title, List<String> header) {
        Sheet s = wb.createSheet(name);
        s.createRow(0).createCell(0).setCellValue(title);
        Row h = s.createRow(2);
        for (int i = 0; i < header.size(); i++) {
            h.createCell(i).setCellValue(header.get(i));
        }
        return s;
    }

    /**
     * Appends a row. Strings starting with '=' are formulas ({r} is the row number) whose value is cached, unless
     * they end with '!' (no cached value, as a workbook saved without calculating); empty strings leave the cell
     * out; a LocalDate is a date cell.
     */
    static void row(Sheet s, Object... values) {
        Row r = s.createRow(s.getLastRowNum() + 1);
        FormulaEvaluator eval = s.getWorkbook().getCreationHelper().createFormulaEvaluator();
        CellStyle dateStyle = s.getWorkbook().createCellStyle();
        dateStyle.setDataFormat(s.getWorkbook().getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if ("".equals(v)) {
                continue;
            }
            Cell c = r.createCell(i);
            if (v instanceof LocalDate d) {
                c.setCellValue(d);
                c.setCellStyle(dateStyle);
            } else if (v instanceof Number n) {
                c.setCellValue(n.doubleValue());
            } else if (v instanceof String str && str.startsWith("=")) {
                boolean cache = !str.endsWith("!");
                c.setCellFormula(str.substring(1).replace("!", "").replace("{r}", String.valueOf(r.getRowNum() + 1)));
                if (cache) {
                    eval.evaluateFormulaCell(c);
                }
            } else {
                c.setCellValue((String) v);
            }
        }
    }

    static byte[] bytes(XSSFWorkbook wb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        return out.toByteArray();
    }
}
