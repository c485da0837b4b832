package io.concord.report;

import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.TempFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The {@code <row>} elements of a streaming sheet's {@code sheetData}, written as UTF-8 bytes: the bytes POI's
 * {@code SheetDataWriter} writes for the same cells (inline strings, escaped as it escapes them, numbers as
 * {@link Double#toString}, a style index when it is not 0), without an SXSSF row and cell object per cell, a
 * {@code CellReference} per cell or a synchronized {@code Writer} call per character. Each full buffer is deflated
 * ({@link Deflater#BEST_SPEED}, raw, ended by a sync flush so the file can be spliced into a zip entry's data) into a
 * temporary file on the workbook's deflating thread while the next is filled; {@link StreamingWorkbook} puts the
 * compressed rows after the sheet's own rows (its header) when the workbook is written, without inflating them.
 *
 * <p>A row is {@link #row}, its cells in column order ({@link #text}, {@link #number}; a null value is no cell),
 * then {@link #end}.
 */
final class RowXml implements Closeable {

    private static final byte[] ROW = bytes("<row r=\"");
    private static final byte[] ROW_OPEN = bytes("\">\n");
    private static final byte[] ROW_END = bytes("</row>\n");
    private static final byte[] CELL = bytes("<c r=\"");
    private static final byte[] STYLE = bytes("\" s=\"");
    private static final byte[] INLINE = bytes("\" t=\"inlineStr\"><is><t");
    private static final byte[] PRESERVE = bytes(" xml:space=\"preserve\"");
    private static final byte[] INLINE_END = bytes("</t></is></c>");
    private static final byte[] NUMERIC = bytes("\" t=\"n\"><v>");
    private static final byte[] VALUE_END = bytes("</v></c>");
    /** An infinite number: POI's cell becomes the error #DIV/0! (a BigDecimal is never NaN). */
    private static final byte[] DIV0 = bytes("\" t=\"e\"><v>#DIV/0!</v></c>");
    private static final byte[] LT = bytes("&lt;");
    private static final byte[] GT = bytes("&gt;");
    private static final byte[] AMP = bytes("&amp;");
    private static final byte[] QUOT = bytes("&quot;");
    private static final byte[] LF = bytes("&#xa;");
    private static final byte[] CR = bytes("&#xd;");
    private static final byte[] TAB = bytes("&#x9;");
    private static final byte[] NBSP = bytes("&#xa0;");
    private static final int BUFFER = 1 << 16;
    /** Buffers being deflated or free, besides the one being filled. */
    private static final int IN_FLIGHT = 3;
    /** Room for the longest thing written without a check: a character's escape, a number, a tag. */
    private static final int SLACK = 128;

    private final Path file;
    private final OutputStream out;
    private final byte[][] columns;
    private final ExecutorService deflating;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(IN_FLIGHT);
    /** Used on the deflating thread only (its tasks run in order). */
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final byte[] deflated = new byte[BUFFER];
    private final CRC32 crc = new CRC32();
    private long size;
    private long compressedSize;
    private volatile IOException failure;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    /** The current row's number as written in {@code r} (1-based), as ASCII digits. */
    private final byte[] rowDigits = new byte[11];
    private int rowDigitsFrom;
    private int lastRow;
    private boolean closed;

    /** A writer of rows with up to {@code columns} cells, to a new temporary file deflated on {@code deflating}. */
    RowXml(int columns, ExecutorService deflating) {
        this.deflating = deflating;
        for (int i = 0; i < IN_FLIGHT; i++) {
            free.add(new byte[BUFFER]);
        }
        this.columns = new byte[columns][];
        for (int c = 0; c < columns; c++) {
            this.columns[c] = bytes(CellReference.convertNumToColString(c));
        }
        try {
            file = TempFile.createTempFile("poi-sxssf-sheet", ".xml").toPath();
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for a sheet's rows", e);
        }
    }

    /** Begins row {@code index} (0-based); rows come in increasing order. */
    void row(int index) {
        lastRow = index;
        int n = index + 1;
        int i = rowDigits.length;
        do {
            rowDigits[--i] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        rowDigitsFrom = i;
        room(SLACK);
        put(ROW);
        putRowDigits();
        put(ROW_OPEN);
    }

    /** Ends the current row. */
    void end() {
        room(SLACK);
        put(ROW_END);
    }

    /** The last row begun (0 when none). */
    int lastRow() {
        return lastRow;
    }

    /** An inline string cell in {@code column} under the style of index {@code style}; none when value is null. */
    void text(int column, String value, int style) {
        if (value == null) {
            return;
        }
        cellStart(column, style);
        put(INLINE);
        if (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
                || Character.isWhitespace(value.charAt(value.length() - 1)))) {
            put(PRESERVE);
        }
        buf[pos++] = '>';
        escaped(value);
        room(SLACK);
        put(INLINE_END);
    }

    /** A numeric cell in {@code column} under the style of index {@code style}; none when value is null. */
    void number(int column, BigDecimal value, int style) {
        if (value == null) {
            return;
        }
        number(column, value.doubleValue(), style);
    }

    /** A numeric cell of {@code value} as POI writes {@code setCellValue(double)}. */
    void number(int column, double value, int style) {
        cellStart(column, style);
        if (Double.isInfinite(value)) {
            put(DIV0);
            return;
        }
        put(NUMERIC);
        // Double.toString of an integral value under 10^7 is its digits and ".0"; other values go through it
        if (value == (long) value && Math.abs(value) < 1e7 && Double.doubleToRawLongBits(value) != Long.MIN_VALUE) {
            long v = (long) value;
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            putDigits(v);
            buf[pos++] = '.';
            buf[pos++] = '0';
        } else {
            String s = Double.toString(value);
            for (int i = 0; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
        }
        put(VALUE_END);
    }

    private void cellStart(int column, int style) {
        room(SLACK);
        put(CELL);
        put(columns[column]);
        putRowDigits();
        if (style != 0) {
            put(STYLE);
            putDigits(style & 0xffff);
        }
    }

    /** Characters written as they are: printable ASCII but the four that XML escapes. */
    private static final boolean[] PLAIN = new boolean[0x80];

    static {
        for (char c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '<' && c != '>' && c != '&' && c != '"';
        }
    }

    /** The most bytes one character takes ({@code &quot;}, {@code &#xa0;}; a surrogate pair is 4 for two). */
    private static final int MAX_BYTES = 6;

    /**
     * {@code s} escaped as SheetDataWriter escapes it, encoded as its UTF-8 writer encodes it. The buffer's room is
     * checked once for as many characters as surely fit, not before each one.
     */
    private void escaped(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (pos > BUFFER - SLACK) {
                flush();
            }
            int end = Math.min(n, i + Math.max(1, (BUFFER - SLACK - pos) / MAX_BYTES));
            while (i < end) {
                char c = s.charAt(i++);
                if (c < 0x80 && PLAIN[c]) {
                    buf[pos++] = (byte) c;
                } else {
                    i = special(s, i, c);
                }
            }
        }
    }

    /** Writes {@code c}, read just before index {@code next} of {@code s}; returns the index after what it took. */
    private int special(String s, int next, char c) {
        if (c < 0x80) {
            switch (c) {
                case '<' -> put(LT);
                case '>' -> put(GT);
                case '&' -> put(AMP);
                case '"' -> put(QUOT);
                case '\n' -> put(LF);
                case '\r' -> put(CR);
                case '\t' -> put(TAB);
                default -> buf[pos++] = '?'; // XmlBeans' rule: control characters become '?'
            }
        } else if (c == '\u00A0') {
            put(NBSP);
        } else if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | c >> 6);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && next < s.length() && Character.isLowSurrogate(s.charAt(next))) {
            int cp = Character.toCodePoint(c, s.charAt(next++));
            buf[pos++] = (byte) (0xF0 | cp >> 18);
            buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
        } else if (Character.isSurrogate(c) || c >= '\uFFFE') {
            // a lone surrogate is malformed to the UTF-8 encoder, which writes '?'; U+FFFE and U+FFFF are
            // not characters, which SheetDataWriter replaces with '?'
            buf[pos++] = '?';
        } else {
            buf[pos++] = (byte) (0xE0 | c >> 12);
            buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        }
        return next;
    }

    private void putRowDigits() {
        int len = rowDigits.length - rowDigitsFrom;
        System.arraycopy(rowDigits, rowDigitsFrom, buf, pos, len);
        pos += len;
    }

    private void putDigits(long v) {
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void room(int n) {
        if (pos + n > BUFFER) {
            flush();
        }
    }

    /** Hands the filled buffer to the deflating thread and goes on in a free one. */
    private void flush() {
        check();
        byte[] full = buf;
        int len = pos;
        deflating.submit(() -> {
            try {
                crc.update(full, 0, len);
                size += len;
                deflater.setInput(full, 0, len);
                while (!deflater.needsInput()) {
                    write(deflater.deflate(deflated, 0, deflated.length, Deflater.NO_FLUSH));
                }
            } catch (RuntimeException e) {
                failure = new IOException("cannot deflate a sheet's rows", e);
            } finally {
                free.add(full); // the writer waits for a free buffer
            }
        });
        try {
            buf = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a sheet's rows", e);
        }
        pos = 0;
    }

    /** On the deflating thread: {@code n} deflated bytes to the file (kept as the failure when it fails). */
    private void write(int n) {
        if (failure != null || n == 0) {
            return;
        }
        try {
            out.write(deflated, 0, n);
            compressedSize += n;
        } catch (IOException e) {
            failure = e;
        }
    }

    private void check() {
        if (failure != null) {
            throw new UncheckedIOException("cannot write a sheet's rows to " + file, failure);
        }
    }

    /** The rows' UTF-8 bytes: their count, their CRC-32, the count deflated ({@link #close} first). */
    long size() {
        return size;
    }

    long crc() {
        return crc.getValue();
    }

    long compressedSize() {
        return compressedSize;
    }

    /** The deflated rows: raw deflate blocks, none of them final, ending on a byte boundary ({@link #close} first). */
    InputStream deflated() throws IOException {
        return Files.newInputStream(file);
    }

    /** Deflates the rows still buffered, ends the deflate stream with a sync flush and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pos > 0) {
            flush();
        }
        Future<?> end = deflating.submit(() -> {
            try {
                int n;
                do {
                    n = deflater.deflate(deflated, 0, deflated.length, Deflater.SYNC_FLUSH);
                    write(n);
                } while (n == deflated.length);
            } finally {
                deflater.end();
                try {
                    out.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        });
        try {
            end.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing a sheet's rows", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot deflate a sheet's rows", e.getCause());
        }
        if (failure != null) {
            throw new IOException("cannot write a sheet's rows to " + file, failure);
        }
    }

    /** Closes and deletes the file. */
    void dispose() throws IOException {
        try {
            close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
