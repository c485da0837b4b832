package io.concord.feed;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;

/**
 * Hardened StAX input for every XML feed: Woodstox, no DTD processing, no external entities. A document that
 * declares a DTD surfaces as a {@code DTD} event which parsers turn into {@code DTD_REFUSED}.
 */
public final class XmlInput {

    private static final XMLInputFactory FACTORY = create();

    private XmlInput() {
    }

    private static XMLInputFactory create() {
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /**
     * A reader over the document in {@code in}. A document that starts with a byte-order mark, or with the zero
     * bytes of UTF-16/UTF-32 (see {@link TextEncoding}), is decoded as they say, whatever its XML declaration
     * names (Windows tools write UTF-16 under {@code encoding="UTF-8"}); any other document is read as its XML
     * declaration says (UTF-8 when it says nothing).
     */
    public static XMLStreamReader open(InputStream in) throws XMLStreamException {
        return open(in, null);
    }

    /**
     * As {@link #open(InputStream)}; when {@code skippedLines} is given, whitespace before the document (blank
     * lines left by extracting it from a larger file) is skipped and the line breaks skipped are added to
     * {@code skippedLines[0]}, so that the caller's line numbers still count them.
     */
    public static XMLStreamReader open(InputStream in, int[] skippedLines) throws XMLStreamException {
        TextEncoding.Peeked p;
        try {
            p = TextEncoding.peek(in);
        } catch (IOException e) {
            throw new XMLStreamException("cannot read: " + e.getMessage(), e);
        }
        try {
            if (p.encoding().marked() || p.encoding().wide()) {
                Reader r = p.reader();
                if (skippedLines != null) {
                    PushbackReader pr = new PushbackReader(r, 1);
                    int c = pr.read();
                    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                        if (c == '\n') {
                            skippedLines[0]++;
                        }
                        c = pr.read();
                    }
                    if (c >= 0) {
                        pr.unread(c);
                    }
                    r = pr;
                }
                return FACTORY.createXMLStreamReader(r);
            }
            InputStream b = p.in();
            if (skippedLines != null) {
                b.mark(1);
                int c = b.read();
                while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    if (c == '\n') {
                        skippedLines[0]++;
                    }
                    b.mark(1);
                    c = b.read();
                }
                b.reset();
            }
            return FACTORY.createXMLStreamReader(b);
        } catch (IOException e) {
            throw new XMLStreamException(e.getMessage(), e);
        }
    }

    /**
     * A view of {@code reader} in which every element and attribute is in no namespace, so JAXB classes bind
     * whatever namespace (or version of it) a sender uses.
     */
    public static XMLStreamReader ignoringNamespaces(XMLStreamReader reader) {
        return new StreamReaderDelegate(reader) {
            @Override
            public String getNamespaceURI() {
                return "";
            }

            @Override
            public String getAttributeNamespace(int index) {
                return "";
            }

            @Override
            public String getNamespaceURI(int index) {
                return "";
            }

            @Override
            public String getPrefix() {
                return "";
            }

            @Override
            public String getAttributePrefix(int index) {
                return "";
            }

            @Override
            public javax.xml.namespace.QName getName() {
                return new javax.xml.namespace.QName(getLocalName());
            }

            @Override
            public javax.xml.namespace.QName getAttributeName(int index) {
                return new javax.xml.namespace.QName(getAttributeLocalName(index));
            }

            @Override
            public int getNamespaceCount() {
                return 0;
            }
        };
    }
}
