package io.concord.feed;

import io.concord.model.ReasonCode;
import jakarta.xml.bind.JAXBException;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * The walk every streaming XML feed shares: StAX moves through the document, a subclass binds one record
 * element at a time (JAXB) when {@link #element} sees it, and queues what it makes of it with {@link #emit}.
 * Memory does not grow with the file. A DTD, a wrong root or a document that is not well-formed ends the file
 * with one whole-file failure after the records already read.
 */
public abstract class XmlRecordStream implements RecordStream {

    protected final SourceFile source;
    private final InputStream in;
    private final Deque<String> path = new ArrayDeque<>();
    private final Deque<FeedItem> pending = new ArrayDeque<>();
    private XMLStreamReader reader;
    private boolean done;
    /** Where the stream is, so a whole-file failure names it. */
    private String current = "file";

    protected XmlRecordStream(InputStream in, SourceFile source) {
        this.in = in;
        this.source = source;
    }

    /** Opens the reader over {@code in}; subclasses may wrap it (schema validation, namespace-free view). */
    protected XMLStreamReader open(InputStream in) throws XMLStreamException {
        return XmlInput.open(in);
    }

    /** A new unmarshaller of a feed's JAXB binding (which is fixed at build time, so cannot fail but by a bug). */
    protected static jakarta.xml.bind.Unmarshaller unmarshallerOf(jakarta.xml.bind.JAXBContext jaxb) {
        try {
            return jaxb.createUnmarshaller();
        } catch (jakarta.xml.bind.JAXBException e) {
            throw new IllegalStateException("the feed's JAXB binding is broken", e);
        }
    }

    /** Why a document with root element {@code root} is not of this feed, or null when it is. */
    protected abstract String checkRoot(QName root);

    /**
     * Why the document whose root element the reader is on is not of this feed, or null when it is: by default
     * {@link #checkRoot(QName)} on its name; a feed that also reads the root's attributes (a version) overrides it.
     */
    protected String checkRoot(XMLStreamReader root) {
        return checkRoot(root.getName());
    }

    /**
     * Called at each start element below the root with its local name and path (e.g. {@code /Document/X}).
     * Returns true when it consumed the element (JAXB leaves the reader after its end tag), false to walk into it.
     */
    protected abstract boolean element(XMLStreamReader reader, String name, String path)
            throws XMLStreamException, JAXBException;

    /** Called once at the end of the document, to emit whole-file checks (e.g. a declared record count). */
    protected void endOfDocument() {
    }

    /** Queues an item for the caller. */
    protected final void emit(FeedItem item) {
        pending.add(item);
    }

    /** Sets the position named by a whole-file failure that happens from now on. */
    protected final void at(String location) {
        current = location;
    }

    /** Ends the file with a whole-file failure (after the items already queued). */
    protected final void endWith(ReasonCode code, String message) {
        pending.add(RecordFailure.ofFile(source, current, code, message));
        done = true;
        close();
    }

    /** Lines before the document that the stream skipped (they count in the lines it reports). */
    protected int lineOffset;

    /** Line of the reader's current event. */
    protected final int line() {
        return reader.getLocation().getLineNumber() + lineOffset;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !done) {
            step();
        }
        return !pending.isEmpty();
    }

    @Override
    public FeedItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    private void step() {
        try {
            if (reader == null) {
                reader = open(in);
            }
            int event = reader.getEventType();
            if (event == XMLStreamConstants.DTD) {
                endWith(ReasonCode.DTD_REFUSED, "document type declaration at line " + line()
                        + " refused: DTDs and external entities are never processed");
                return;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                if (path.isEmpty()) {
                    String problem = checkRoot(reader);
                    if (problem != null) {
                        endWith(ReasonCode.MALFORMED_FILE, problem);
                        return;
                    }
                } else if (element(reader, name, "/" + String.join("/", (Iterable<String>) path::descendingIterator)
                        + "/" + name)) {
                    return;
                }
                path.push(name);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                path.pop();
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                endOfDocument();
                done = true;
                close();
                return;
            }
            reader.next();
        } catch (XMLStreamException | JAXBException e) {
            endWith(ReasonCode.MALFORMED_FILE, "not well-formed XML" + where(e) + ": " + message(e));
        }
    }

    private static String where(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof XMLStreamException x && x.getLocation() != null) {
                return " at line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return "";
    }

    private static String message(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").replaceFirst("^ParseError at \\[row,col]:\\[\\d+,\\d+] Message: ", "");
    }

    @Override
    public void close() {
        try {
            if (reader != null) {
                reader.close();
            }
            in.close();
        } catch (XMLStreamException | IOException e) {
            // closing a read-only input: nothing left to lose
        }
    }
}
