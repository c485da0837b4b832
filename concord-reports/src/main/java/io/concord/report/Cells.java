package io.concord.report;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Cell writing shared by Concord's workbooks: a bold header row with column widths, a frozen header and an
 * auto-filter, numbers as numeric cells under a format, and text that spreadsheet software would read as a formula
 * written quote-prefixed, so it shows as text and is never evaluated. One instance per workbook (it holds its styles).
 */
public final class Cells {

    public static final String AMOUNT_FORMAT = "#,##0.00";
    public static final String PERCENT_FORMAT = "0.00%";
    public static final String QUANTITY_FORMAT = "#,##0.######";
    /** The most characters an Excel cell holds (SpreadsheetVersion.EXCEL2007's maximum text length). */
    public static final int MAX_TEXT = org.apache.poi.ss.SpreadsheetVersion.EXCEL2007.getMaxTextLength();

    private final Workbook workbook;
    private final CellStyle header;
    private final CellStyle amount;
    private final CellStyle percent;
    private final CellStyle quantity;
    private final CellStyle text;
    private final CellStyle quotedText;
    private final Map<Integer, CellStyle> indents = new HashMap<>();

    public Cells(Workbook workbook) {
        this.workbook = workbook;
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        amount = numeric(AMOUNT_FORMAT);
        percent = numeric(PERCENT_FORMAT);
        quantity = numeric(QUANTITY_FORMAT);
        text = workbook.createCellStyle();
        quotedText = workbook.createCellStyle();
        quotedText.setQuotePrefixed(true);
    }

    public CellStyle amount() {
        return amount;
    }

    public CellStyle percent() {
        return percent;
    }

    public CellStyle quantity() {
        return quantity;
    }

    /** Row 0 of {@code sheet}: the column names in bold, each column {@code widths[c]} characters wide. */
    public void header(Sheet sheet, String[] names, int[] widths) {
        header(sheet, 0, names, widths);
    }

    /** Row {@code at} of {@code sheet}: the column names in bold, each column {@code widths[c]} characters wide. */
    public void header(Sheet sheet, int at, String[] names, int[] widths) {
        Row row = sheet.createRow(at);
        for (int c = 0; c < names.length; c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(names[c]);
            cell.setCellStyle(header);
            sheet.setColumnWidth(c, widths[c] * 256);
        }
    }

    /** {@link #finish(Sheet, int, int, int)} of a sheet whose header is row 0. */
    public static void finish(Sheet sheet, int columns, int lastRow) {
        finish(sheet, 0, columns, lastRow);
    }

    /**
     * A table whose header is row {@code header}: rows down to the header frozen, an auto-filter over the header
     * and the data rows down to {@code lastRow}, and a page setup that prints ({@link #printable}).
     */
    public static void finish(Sheet sheet, int header, int columns, int lastRow) {
        sheet.createFreezePane(0, header + 1);
        sheet.setAutoFilter(new CellRangeAddress(header, Math.max(lastRow, header), 0, columns - 1));
        printable(sheet, header);
    }

    /**
     * Prints on A4-or-letter paper as a reader expects of a wide table: landscape, every column on the page (fit
     * to one page wide, as many pages tall as the rows need), the rows down to {@code header} repeated at the top
     * of every page, and the sheet's name and page number in the footer.
     */
    public static void printable(Sheet sheet, int header) {
        sheet.getPrintSetup().setLandscape(true);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        sheet.setRepeatingRows(new CellRangeAddress(0, header, -1, -1));
        sheet.getFooter().setLeft(sheet.getSheetName());
        sheet.getFooter().setRight("Page &P of &N");
    }

    /**
     * A text cell (none when {@code value} is null), quote-prefixed when it is formula-like, cut to Excel's
     * {@link #MAX_TEXT} characters with a marker saying how long it was (POI refuses a longer value).
     */
    public void text(Row row, int column, String value) {
        if (value == null) {
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue(fit(value));
        cell.setCellStyle(textStyle(value));
    }

    /** A bold text cell (a label: a total's, a table's title), quote-prefixed when it is formula-like. */
    public void bold(Row row, int column, String value) {
        Cell cell = row.createCell(column);
        cell.setCellValue(fit(value));
        cell.setCellStyle(formulaLike(value) ? quotedText : header);
    }

    /** A text cell indented by {@code depth} (Excel's maximum is 15), quote-prefixed when it is formula-like. */
    public void indented(Row row, int column, String value, int depth) {
        Cell cell = row.createCell(column);
        cell.setCellValue(fit(value));
        cell.setCellStyle(indentedStyle(value, depth));
    }

    /** The style {@link #text} gives {@code value}: quote-prefixed when it is formula-like. */
    CellStyle textStyle(String value) {
        return formulaLike(value) ? quotedText : text;
    }

    /** The style {@link #indented} gives {@code value} at {@code depth} (created at its first use). */
    CellStyle indentedStyle(String value, int depth) {
        boolean quoted = formulaLike(value);
        int d = Math.min(depth, 15);
        return indents.computeIfAbsent(quoted ? -1 - d : d, k -> {
            CellStyle s = workbook.createCellStyle();
            s.setIndention((short) d);
            s.setQuotePrefixed(quoted);
            return s;
        });
    }

    /** {@code value} within Excel's limit: cut, with a marker, when longer. */
    public static String fit(String value) {
        return io.concord.feed.FieldBounds.cut(value, MAX_TEXT);
    }

    /** A numeric cell under {@code style} (none when {@code value} is null). */
    public static void number(Row row, int column, BigDecimal value, CellStyle style) {
        if (value == null) {
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue(value.doubleValue());
        cell.setCellStyle(style);
    }

    private CellStyle numeric(String format) {
        CellStyle s = workbook.createCellStyle();
        s.setDataFormat(workbook.createDataFormat().getFormat(format));
        return s;
    }

    /** Whether spreadsheet software would read {@code value} typed into a cell as a formula (or a DDE payload). */
    public static boolean formulaLike(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
