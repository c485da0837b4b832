package io.concord.report;

import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * An SXSSF workbook some of whose sheets take their data rows from a {@link RowXml} instead of SXSSF rows: such a
 * sheet's own rows (its header) are written first, then the rows of its {@link RowXml}, and its dimension is what
 * SXSSF would have derived had the rows been its own. The file's entries are deflated at {@link Deflater#BEST_SPEED}
 * (their content is what it would be at any level; a 1,000,000-row sheet is gigabytes of XML, and the default level
 * takes about three times as long for a file a fifth smaller).
 */
final class StreamingWorkbook extends SXSSFWorkbook {

    private record Direct(RowXml rows, int columns) {
    }

    private final Map<SXSSFSheet, Direct> direct = new IdentityHashMap<>();

    StreamingWorkbook(XSSFWorkbook template, int window) {
        super(template, window);
    }

    /**
     * The rows of {@code sheet} after those created on it (its header, row 0, spanning {@code columns} columns),
     * from row 1 on.
     */
    RowXml rows(SXSSFSheet sheet, int columns) {
        RowXml rows = new RowXml(columns);
        direct.put(sheet, new Direct(rows, columns));
        return rows;
    }

    @Override
    protected void flushSheets() throws IOException {
        super.flushSheets();
        // what SXSSFSheet.deriveDimension sets: first to last row, the header's columns (no row is wider)
        for (var e : direct.entrySet()) {
            if (shouldCalculateSheetDimensions()) {
                getXSSFWorkbook().getSheetAt(getSheetIndex(e.getKey())).setDimensionOverride(
                        new CellRangeAddress(0, e.getValue().rows().lastRow(), 0, e.getValue().columns() - 1));
            }
        }
    }

    @Override
    protected ISheetInjector createSheetInjector(SXSSFSheet sheet) throws IOException {
        Direct d = direct.get(sheet);
        if (d == null) {
            return super.createSheetInjector(sheet);
        }
        return out -> {
            try (InputStream own = sheet.getWorksheetXMLInputStream()) {
                own.transferTo(out);
            }
            d.rows().copyTo(out);
        };
    }

    @Override
    protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
        ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
    }

    /** Deletes the temporary files, SXSSF's and the rows'. */
    @Override
    public boolean dispose() {
        boolean deleted = super.dispose();
        for (Direct d : direct.values()) {
            try {
                d.rows().dispose();
            } catch (IOException e) {
                deleted = false;
            }
        }
        return deleted;
    }
}
