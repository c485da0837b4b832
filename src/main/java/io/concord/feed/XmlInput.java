package io.concord.feed;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import java.io.InputStream;

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

    public static XMLStreamReader open(InputStream in) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(in);
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
