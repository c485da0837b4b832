package io.concord.feed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The character encoding of a text feed (XML, CSV, fixed width), as its first bytes show it. Real files do not all
 * arrive as plain UTF-8: EDGAR and vendor tools, Excel's "Unicode text" and Windows PowerShell write UTF-8 with a
 * byte-order mark, or UTF-16 (usually little-endian, with a mark). Concord reads:
 * <ul>
 *   <li>a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE): the text is decoded as the mark says and the mark
 *       itself is not part of the text (a header's first column keeps its name);</li>
 *   <li>no mark but the zero bytes of UTF-16 or UTF-32 around ASCII text (e.g. {@code <} {@code 00} {@code ?}
 *       {@code 00}): decoded as that encoding;</li>
 *   <li>anything else: UTF-8 (ASCII included).</li>
 * </ul>
 * Decoding is strict: a byte sequence that is not valid in the encoding ends the file with a message that names
 * the encoding read and the line where it broke, never a replacement character in a field.
 */
public final class TextEncoding {

    /** The longest byte-order mark (UTF-32), and enough bytes to see UTF-16/32 zero-byte patterns. */
    static final int PEEK = 4;

    private TextEncoding() {
    }

    /**
     * An encoding found at the start of a file.
     *
     * @param charset     how to decode the text
     * @param bomBytes    length of the byte-order mark to skip, 0 when there is none
     * @param description the encoding in words, for messages (e.g. {@code UTF-16LE with a byte-order mark})
     */
    public record Detected(Charset charset, int bomBytes, String description) {

        /** Whether the text is in a multi-byte-unit encoding (UTF-16 or UTF-32) rather than UTF-8/ASCII. */
        public boolean wide() {
            return !charset.equals(StandardCharsets.UTF_8);
        }

        /** Whether the file starts with a byte-order mark. */
        public boolean marked() {
            return bomBytes > 0;
        }
    }

    /** The encoding that the first {@code n} bytes of {@code head} show. */
    public static Detected detect(byte[] head, int n) {
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        int b3 = n > 3 ? head[3] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3, "UTF-8 with a byte-order mark");
        }
        if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF) {
            return new Detected(Charset.forName("UTF-32BE"), 4, "UTF-32BE with a byte-order mark");
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
            return new Detected(Charset.forName("UTF-32LE"), 4, "UTF-32LE with a byte-order mark");
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2, "UTF-16BE with a byte-order mark");
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2, "UTF-16LE with a byte-order mark");
        }
        if (n >= 4) {
            if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
                return new Detected(Charset.forName("UTF-32BE"), 0, "UTF-32BE without a byte-order mark");
            }
            if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
                return new Detected(Charset.forName("UTF-32LE"), 0, "UTF-32LE without a byte-order mark");
            }
            if (b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0) {
                return new Detected(StandardCharsets.UTF_16BE, 0, "UTF-16BE without a byte-order mark");
            }
            if (b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0) {
                return new Detected(StandardCharsets.UTF_16LE, 0, "UTF-16LE without a byte-order mark");
            }
        }
        return new Detected(StandardCharsets.UTF_8, 0, "UTF-8");
    }

    /**
     * The text of a file's first bytes, for detecting its format: decoded as {@link #detect} says, without the
     * byte-order mark; bytes that do not decode (a cut multi-byte character at the end) become U+FFFD here only.
     */
    public static String head(byte[] bytes, int n) {
        Detected d = detect(bytes, n);
        int len = Math.max(0, n - d.bomBytes());
        return new String(bytes, d.bomBytes(), len, d.charset());
    }

    /** {@code in} with mark support, its encoding detected and the stream back at its first byte. */
    public static Peeked peek(InputStream in) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bis ? bis : new BufferedInputStream(in, 1 << 16);
        b.mark(PEEK);
        byte[] head = b.readNBytes(PEEK);
        b.reset();
        return new Peeked(b, detect(head, head.length));
    }

    /** A stream positioned at its first byte, with the encoding its first bytes show. */
    public record Peeked(BufferedInputStream in, Detected encoding) {

        /** The text after the byte-order mark, decoded strictly (see {@link TextEncoding#reader}). */
        public Reader reader() throws IOException {
            in.skipNBytes(encoding.bomBytes());
            return new StrictReader(in, encoding);
        }
    }

    /** The text of {@code in}: its encoding detected, its byte-order mark skipped, decoded strictly. */
    public static Reader reader(InputStream in) throws IOException {
        return peek(in).reader();
    }

    /**
     * Decodes strictly and, when bytes are not valid in the encoding, fails with an {@link IOException} whose
     * message names the encoding and the line (1-based) where decoding broke.
     */
    private static final class StrictReader extends Reader {
        private final InputStream in;
        private final Detected encoding;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 14);
        private boolean eof;
        private boolean flushed;
        private long line = 1;

        StrictReader(InputStream in, Detected encoding) {
            this.in = in;
            this.encoding = encoding;
            this.decoder = encoding.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            bytes.flip();
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (flushed) {
                return -1;
            }
            CharBuffer out = CharBuffer.wrap(cbuf, off, len);
            while (true) {
                CoderResult r = decoder.decode(bytes, out, eof);
                if (r.isError() && out.position() > off) {
                    break; // the text before the bad bytes first; the next read reports them
                }
                if (r.isError()) {
                    countLines(cbuf, off, out.position() - off);
                    throw new CharacterCodingException() {
                        @Override
                        public String getMessage() {
                            return "bytes that are not " + encoding.charset().name() + " at line " + line
                                    + " (the file reads as " + encoding.description() + "); Concord reads UTF-8, "
                                    + "or UTF-16/UTF-32 with a byte-order mark: save the file in one of those";
                        }
                    };
                }
                if (out.position() > off) {
                    int n = out.position() - off;
                    countLines(cbuf, off, n);
                    return n;
                }
                if (eof) {
                    decoder.flush(out);
                    flushed = true;
                    int n = out.position() - off;
                    return n == 0 ? -1 : n;
                }
                bytes.compact();
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (read < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + read);
                }
                bytes.flip();
            }
            int n = out.position() - off;
            countLines(cbuf, off, n);
            return n;
        }

        private void countLines(char[] cbuf, int off, int n) {
            for (int i = off; i < off + n; i++) {
                if (cbuf[i] == '\n') {
                    line++;
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
