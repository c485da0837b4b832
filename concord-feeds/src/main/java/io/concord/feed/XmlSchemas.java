package io.concord.feed;

import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.AttributesImpl;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of XML feeds against their published schemas while they stream. {@link #load} reads an XSD from
 * the classpath with a hardened factory (secure processing, no DTDs, no external schemas);
 * {@link #validating} wraps a StAX reader so that every event read through it, by the parser's walk or by JAXB,
 * also goes to the schema's validator. Problems collect in order and the parser takes them after each record
 * ({@link Validation#drain()}), so a record is rejected naming the element path and line at fault.
 */
public final class XmlSchemas {

    private XmlSchemas() {
    }

    /**
     * One schema made of the self-contained XSDs at classpath {@code resources} (each its own target namespace,
     * so a document valid against any of them is valid); a broken or missing schema is a build error.
     */
    public static Schema load(String... resources) {
        Source[] sources = new Source[resources.length];
        for (int i = 0; i < resources.length; i++) {
            URL url = XmlSchemas.class.getClassLoader().getResource(resources[i]);
            if (url == null) {
                throw new IllegalStateException("schema " + resources[i] + " is not on the classpath");
            }
            sources[i] = new StreamSource(url.toExternalForm());
        }
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newSchema(sources);
        } catch (SAXException e) {
            throw new IllegalStateException("schemas " + List.of(resources) + " do not load: " + e.getMessage(), e);
        }
    }

    /** One thing the validator objected to: the element being read, its line and the validator's message. */
    public record Problem(String path, int line, String message) {
        @Override
        public String toString() {
            return path + " (line " + line + "): " + message;
        }
    }

    /** What the validator found so far. */
    public static final class Validation {
        private final List<Problem> problems = new ArrayList<>();

        /**
         * Problems found since the last call, in document order; empty when the content is valid.
         */
        public List<Problem> drain() {
            List<Problem> out = List.copyOf(problems);
            problems.clear();
            return out;
        }
    }

    /**
     * A validator of {@code schema} that reads no external DTD or schema (a document that names one is refused), for
     * one thread at a time; each {@code validate} call starts afresh, so one validator serves many documents.
     */
    public static Validator validator(Schema schema) {
        Validator v = schema.newValidator();
        harden(v::setProperty);
        return v;
    }

    /** A validator's {@code setProperty} ({@link Validator} and {@link ValidatorHandler} share no interface). */
    private interface PropertySetter {
        void set(String name, Object value) throws SAXException;
    }

    /** No external DTD or schema is read: a document that names one is refused. */
    private static void harden(PropertySetter validator) {
        try {
            validator.set(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.set(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("validator does not take the hardening properties", e);
        }
    }

    /**
     * A view of {@code reader} (which must be at the start of the document) that validates everything read
     * through it against {@code schema}; problems go to {@code validation}.
     */
    public static XMLStreamReader validating(XMLStreamReader reader, Schema schema, Validation validation) {
        ValidatorHandler handler = schema.newValidatorHandler();
        harden(handler::setProperty);
        Bridge bridge = new Bridge(reader, handler);
        handler.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make content invalid
            }

            @Override
            public void error(SAXParseException e) {
                validation.problems.add(new Problem(bridge.path(), e.getLineNumber(), e.getMessage()));
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        bridge.forward();
        return bridge;
    }

    /** Forwards each StAX event the reader moves to as the SAX event the validator takes. */
    private static final class Bridge extends StreamReaderDelegate {
        private final ValidatorHandler handler;
        private final java.util.Deque<String> path = new java.util.ArrayDeque<>();

        Bridge(XMLStreamReader reader, ValidatorHandler handler) {
            super(reader);
            this.handler = handler;
            handler.setDocumentLocator(new Locator() {
                @Override
                public String getPublicId() {
                    return null;
                }

                @Override
                public String getSystemId() {
                    return null;
                }

                @Override
                public int getLineNumber() {
                    return reader.getLocation().getLineNumber();
                }

                @Override
                public int getColumnNumber() {
                    return reader.getLocation().getColumnNumber();
                }
            });
        }

        @Override
        public int next() throws XMLStreamException {
            int event = super.next();
            forward();
            return event;
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int event = next();
            while (event == XMLStreamConstants.CHARACTERS && isWhiteSpace() || event == XMLStreamConstants.SPACE
                    || event == XMLStreamConstants.COMMENT || event == XMLStreamConstants.PROCESSING_INSTRUCTION) {
                event = next();
            }
            if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag", getLocation());
            }
            return event;
        }

        @Override
        public String getElementText() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            for (int event = next(); event != XMLStreamConstants.END_ELEMENT; event = next()) {
                if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    text.append(getText());
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    throw new XMLStreamException("element text expected, found a child element", getLocation());
                }
            }
            return text.toString();
        }

        /** The element being read, e.g. {@code /Document/DerivsTradRpt/TradData/Rpt/New}. */
        String path() {
            return "/" + String.join("/", (Iterable<String>) path::descendingIterator);
        }

        void forward() {
            try {
                switch (getEventType()) {
                    case XMLStreamConstants.START_DOCUMENT -> handler.startDocument();
                    case XMLStreamConstants.END_DOCUMENT -> handler.endDocument();
                    case XMLStreamConstants.START_ELEMENT -> {
                        path.push(getLocalName());
                        for (int i = 0; i < getNamespaceCount(); i++) {
                            handler.startPrefixMapping(nz(getNamespacePrefix(i)), nz(getNamespaceURI(i)));
                        }
                        handler.startElement(nz(getNamespaceURI()), getLocalName(), qname(getPrefix(), getLocalName()),
                                attributes());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        handler.endElement(nz(getNamespaceURI()), getLocalName(), qname(getPrefix(), getLocalName()));
                        path.pop();
                        for (int i = 0; i < getNamespaceCount(); i++) {
                            handler.endPrefixMapping(nz(getNamespacePrefix(i)));
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            handler.characters(getTextCharacters(), getTextStart(), getTextLength());
                    default -> {
                        // comments and processing instructions do not affect validity
                    }
                }
            } catch (SAXException e) {
                // the error handler collects; a SAXException here only repeats a problem already collected
            }
        }

        private Attributes attributes() {
            AttributesImpl a = new AttributesImpl();
            for (int i = 0; i < getAttributeCount(); i++) {
                a.addAttribute(nz(getAttributeNamespace(i)), getAttributeLocalName(i),
                        qname(getAttributePrefix(i), getAttributeLocalName(i)), "CDATA", getAttributeValue(i));
            }
            return a;
        }

        private static String qname(String prefix, String local) {
            return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }
}
