package io.concord.feed.fixml;

import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.feed.XmlInput;
import io.concord.feed.XmlRecordStream;
import io.concord.model.ReasonCode;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What every FIXML feed's stream shares: the root must be {@code <FIXML>} of FIX 5.0 or later (the abbreviated
 * FIXML these feeds read: a root {@code v} of 4.x, or a pre-4.4 {@code FIXMLMessage} envelope, refuses the whole
 * file and says so), elements bind whatever FIXML namespace (or none) the sender uses, one unmarshaller of the
 * feed's binding serves the whole file, and a file that holds none of the feed's messages (e.g. only trade capture
 * reports) is refused whole, naming the messages it does hold.
 */
abstract class FixmlStream extends XmlRecordStream {

    /** A FIXML version before 5.0 in the root's {@code v}: {@code 4.4}, {@code FIX.4.4}, {@code FIX44}. */
    private static final Pattern PRE_5 = Pattern.compile("(FIX\\.?)?4(\\.?\\d.*)?", Pattern.CASE_INSENSITIVE);

    private final JAXBContext binding;
    private final String message;
    /** The feed's unmarshaller, ready once the document is open. */
    protected Unmarshaller unmarshaller;
    private long messages;
    /** Other messages the file holds (children of the root or of a Batch), for a file with none of the feed's. */
    private final Set<String> others = new TreeSet<>();

    FixmlStream(InputStream in, SourceFile source, JAXBContext binding, String message) {
        super(in, source);
        this.binding = binding;
        this.message = message;
    }

    @Override
    protected XMLStreamReader open(InputStream in) throws XMLStreamException {
        unmarshaller = unmarshallerOf(binding);
        return XmlInput.ignoringNamespaces(super.open(in));
    }

    @Override
    protected String checkRoot(QName root) {
        return "FIXML".equals(root.getLocalPart()) ? null : "root element is <" + root.getLocalPart()
                + ">, expected <FIXML>";
    }

    @Override
    protected String checkRoot(XMLStreamReader root) {
        String problem = checkRoot(root.getName());
        if (problem != null) {
            return problem;
        }
        String v = root.getAttributeValue(null, "v");
        if (v != null && PRE_5.matcher(v.strip()).matches()) {
            return "FIXML version " + v.strip() + " (FIXML/@v): pre-5.0 FIXML is not read; this feed reads FIX 5.0"
                    + " SP2 FIXML (abbreviated names such as Pty/@R, Instrmt/@Sym, Qty/@Typ)";
        }
        return null;
    }

    /** Reads one of the feed's messages (the reader on its start tag) at {@code location}; the n-th in the file. */
    protected abstract void message(XMLStreamReader reader, String location, long n)
            throws XMLStreamException, JAXBException;

    @Override
    protected final boolean element(XMLStreamReader reader, String name, String path)
            throws XMLStreamException, JAXBException {
        if (message.equals(name)) {
            messages++;
            String location = path + "[" + messages + "] (line " + line() + ")";
            at(location);
            message(reader, location, messages);
            at("after " + name + "[" + messages + "]");
            return true;
        }
        if ("FIXMLMessage".equals(name)) {
            endWith(ReasonCode.MALFORMED_FILE, "a FIXMLMessage envelope at line " + line() + " is FIXML 4.1-4.3"
                    + " (pre-5.0 FIXML, element names such as PartyRole) and is not read; this feed reads FIX 5.0 SP2"
                    + " FIXML (abbreviated names such as Pty/@R)");
            return true;
        }
        if (path.equals("/FIXML/" + name) || path.equals("/FIXML/Batch/" + name)) {
            if (!"Batch".equals(name) && !"Hdr".equals(name)) {
                others.add(name);
            }
        }
        return false;
    }

    @Override
    protected void endOfDocument() {
        if (messages == 0) {
            emit(RecordFailure.ofFile(source, "/FIXML", ReasonCode.NOT_A_POSITION, "the file holds no " + message
                    + " message" + (others.isEmpty() ? "" : " (it holds " + String.join(", ", others) + ")")
                    + ": a " + source.feedId() + " file reports " + message));
        }
    }
}
