package io.concord.feed.nport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An N-PORT filing as EDGAR serves the whole submission (the accession's {@code .txt}): an SGML envelope
 * ({@code <SEC-DOCUMENT>}, {@code <SEC-HEADER>} with the accession number and filer, then one {@code <DOCUMENT>}
 * per file) in which the form's XML document sits between a line {@code <XML>} and a line {@code </XML>}. The
 * stream of the first such XML document is read, and the envelope lines before it are counted so that locations
 * still give the line of the file. A file that does not start with the envelope is read as it is.
 */
final class EdgarEnvelope {

    private static final int PEEK = 1024;
    private static final String[] STARTS = {"<SEC-DOCUMENT>", "<SEC-HEADER>", "<IMS-DOCUMENT>",
            "-----BEGIN PRIVACY-ENHANCED MESSAGE-----", "<DOCUMENT>"};

    private EdgarEnvelope() {
    }

    /** Why the envelope holds no XML document, as the stream's failure says it. */
    static final class NoXmlDocument extends IOException {
        NoXmlDocument(long lines) {
            super("the file is an EDGAR submission envelope (<SEC-DOCUMENT>) with no <XML> document in its " + lines
                    + " lines: Concord reads the N-PORT XML (primary_doc.xml) a submission holds");
        }
    }

    /**
     * The XML document of {@code in} when it is an EDGAR submission envelope, else {@code in} itself (positioned at
     * its first byte). {@code skippedLines[0]} is increased by the envelope lines before the document.
     */
    static InputStream unwrap(InputStream in, int[] skippedLines) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bis ? bis : new BufferedInputStream(in, 1 << 16);
        b.mark(PEEK);
        byte[] head = b.readNBytes(PEEK);
        b.reset();
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        boolean envelope = false;
        for (String s : STARTS) {
            envelope |= text.startsWith(s);
        }
        if (!envelope) {
            return b;
        }
        long lines = 0;
        while (true) {
            byte[] line = readLine(b);
            if (line == null) {
                throw new NoXmlDocument(lines);
            }
            lines++;
            if (new String(line, StandardCharsets.ISO_8859_1).strip().equalsIgnoreCase("<XML>")) {
                skippedLines[0] += (int) lines;
                return new Body(b);
            }
        }
    }

    /** The next line with its line break, or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        return c < 0 && line.size() == 0 ? null : line.toByteArray();
    }

    /** The lines up to the one that closes the XML document ({@code </XML>}), which ends the stream. */
    private static final class Body extends InputStream {
        private final InputStream in;
        private byte[] line;
        private int pos;
        private boolean done;

        Body(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            while (!done && (line == null || pos >= line.length)) {
                line = readLine(in);
                pos = 0;
                if (line == null || new String(line, StandardCharsets.ISO_8859_1).stripLeading()
                        .regionMatches(true, 0, "</XML>", 0, 6)) {
                    done = true;
                    line = null;
                }
            }
            return !done;
        }

        @Override
        public int read() throws IOException {
            return fill() ? line[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, buf, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
