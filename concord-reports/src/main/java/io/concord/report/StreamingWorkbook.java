package io.concord.report;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * An SXSSF workbook some of whose sheets take their data rows from a {@link RowXml} instead of SXSSF rows: such a
 * sheet's own rows (its header) come first, then the rows of its {@link RowXml}, and its dimension is what SXSSF would
 * have derived had the rows been its own. Those rows are deflated while they are written (on a thread of the
 * workbook's own) and go into the file as they are: the sheet's entry is the deflated XML before them, their deflate
 * blocks, and the deflated XML after them, with the CRC-32 of the whole. Every entry holds what SXSSF would have
 * written; they are deflated at {@link Deflater#BEST_SPEED} (a 1,000,000-row sheet is gigabytes of XML, and the default
 * level takes about three times as long for a file a fifth smaller).
 */
final class StreamingWorkbook extends SXSSFWorkbook {

    private record Direct(RowXml rows, int columns, SXSSFSheet sheet) {
    }

    /** By the XSSF sheet each direct sheet streams into (its zip entry names it). */
    private final Map<XSSFSheet, Direct> direct = new IdentityHashMap<>();
    private final ExecutorService deflating = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workbook-deflate");
        t.setDaemon(true);
        return t;
    });

    StreamingWorkbook(XSSFWorkbook template, int window) {
        super(template, window);
    }

    /**
     * The rows of {@code sheet} after those created on it (its header, row 0, spanning {@code columns} columns),
     * from row 1 on.
     */
    RowXml rows(SXSSFSheet sheet, int columns) {
        RowXml rows = new RowXml(columns, deflating);
        direct.put(getXSSFWorkbook().getSheetAt(getSheetIndex(sheet)), new Direct(rows, columns, sheet));
        return rows;
    }

    @Override
    protected void flushSheets() throws IOException {
        super.flushSheets();
        // what SXSSFSheet.deriveDimension sets: first to last row, the header's columns (no row is wider)
        if (shouldCalculateSheetDimensions()) {
            for (var e : direct.entrySet()) {
                e.getKey().setDimensionOverride(
                        new CellRangeAddress(0, e.getValue().rows().lastRow(), 0, e.getValue().columns() - 1));
            }
        }
    }

    @Override
    protected ISheetInjector createSheetInjector(SXSSFSheet sheet) throws IOException {
        Direct d = direct.values().stream().filter(x -> x.sheet() == sheet).findFirst().orElse(null);
        if (d == null) {
            return super.createSheetInjector(sheet);
        }
        return out -> {
            try (InputStream own = sheet.getWorksheetXMLInputStream()) {
                own.transferTo(out);
            }
            ((Zip) out).rowsHere();
        };
    }

    @Override
    protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
        Zip zip = new Zip(out);
        zip.setUseZip64(zip64Mode);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
    }

    /** Deletes the temporary files, SXSSF's and the rows', and ends the deflating thread. */
    @Override
    public boolean dispose() {
        boolean deleted = super.dispose();
        try {
            for (Direct d : direct.values()) {
                try {
                    d.rows().dispose();
                } catch (IOException | RuntimeException e) {
                    deleted = false;
                }
            }
        } finally {
            deflating.shutdown();
        }
        return deleted;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            deflating.shutdown();
        }
    }

    /**
     * The file: entries as SXSSF writes them, but a direct sheet's entry is held from {@code putArchiveEntry} (the XML
     * before its rows, then after them, as SXSSF writes it) and added raw at {@code closeArchiveEntry}.
     */
    private final class Zip extends ZipArchiveOutputStream {
        private ZipArchiveEntry entry;
        private Direct rows;
        private ByteArrayOutputStream before;
        private ByteArrayOutputStream after;

        Zip(OutputStream out) {
            super(out);
        }

        @Override
        public void putArchiveEntry(ZipArchiveEntry e) throws IOException {
            XSSFSheet sheet = getSheetFromZipEntryName(e.getName());
            Direct d = sheet == null ? null : direct.get(sheet);
            if (d == null) {
                super.putArchiveEntry(e);
                return;
            }
            entry = e;
            rows = d;
            before = new ByteArrayOutputStream();
            after = null;
        }

        /** The direct sheet's rows go where the bytes written so far end. */
        void rowsHere() {
            after = new ByteArrayOutputStream();
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            if (entry == null) {
                super.write(b, offset, length);
            } else {
                (after == null ? before : after).write(b, offset, length);
            }
        }

        @Override
        public void closeArchiveEntry() throws IOException {
            if (entry == null) {
                super.closeArchiveEntry();
                return;
            }
            if (after == null) {
                throw new IOException("the rows of " + entry.getName() + " were never placed");
            }
            RowXml r = rows.rows();
            r.close();
            byte[] head = before.toByteArray();
            byte[] tail = after.toByteArray();
            byte[] headDeflated = deflateRaw(head, false);
            byte[] tailDeflated = deflateRaw(tail, true);
            long crc = combine(combine(crc(head), r.crc(), r.size()), crc(tail), tail.length);
            ZipArchiveEntry e = entry;
            entry = null;
            rows = null;
            e.setMethod(ZipEntry.DEFLATED);
            e.setSize(head.length + r.size() + tail.length);
            e.setCompressedSize(headDeflated.length + r.compressedSize() + tailDeflated.length);
            e.setCrc(crc);
            try (InputStream deflated = r.deflated(); InputStream data = new SequenceInputStream(
                    java.util.Collections.enumeration(List.of(new ByteArrayInputStream(headDeflated), deflated,
                            new ByteArrayInputStream(tailDeflated))))) {
                addRawArchiveEntry(e, data);
            }
        }
    }

    /**
     * {@code data} as raw deflate blocks at {@link Deflater#BEST_SPEED}: the {@code last} ones of the stream, or
     * ended by a sync flush (none final, on a byte boundary) for more to follow.
     */
    private static byte[] deflateRaw(byte[] data, boolean last) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buf = new byte[8192];
            d.setInput(data);
            if (last) {
                d.finish();
                while (!d.finished()) {
                    out.write(buf, 0, d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
                }
            } else {
                int n;
                do {
                    n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                    out.write(buf, 0, n);
                } while (n == buf.length || !d.needsInput());
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    /** The CRC-32 of A then B from A's CRC, B's CRC and B's length (zlib's crc32_combine). */
    static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        long[] even = new long[32];
        long[] odd = new long[32];
        odd[0] = 0xEDB88320L; // the CRC-32 polynomial, reflected
        long row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        long crc = crcA;
        long len = lengthB;
        do {
            square(even, odd); // one zero byte, then ever longer runs of zero bytes
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>= 1;
        } while (len != 0);
        return crc ^ crcB;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
