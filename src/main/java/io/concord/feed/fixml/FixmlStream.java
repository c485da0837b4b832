package io.concord.feed.fixml;

import io.concord.feed.SourceFile;
import io.concord.feed.XmlInput;
import io.concord.feed.XmlRecordStream;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Unmarshaller;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;

/**
 * What every FIXML feed's stream shares: the root must be {@code <FIXML>}, elements bind whatever FIXML namespace
 * (or none) the sender uses, and one unmarshaller of the feed's binding serves the whole file.
 */
abstract class FixmlStream extends XmlRecordStream {

    private final JAXBContext binding;
    /** The feed's unmarshaller, ready once the document is open. */
    protected Unmarshaller unmarshaller;

    FixmlStream(InputStream in, SourceFile source, JAXBContext binding) {
        super(in, source);
        this.binding = binding;
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
}
