package io.concord.report;

import io.concord.feed.XmlSchemas;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.validation.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One kind of XML output: the JAXB classes generated from one of Concord's XSDs ({@code src/main/resources/xsd})
 * and that XSD. Every document is validated against the schema as it is marshalled, so a document that does not
 * conform is an error, never a file (a partly written one is removed).
 */
final class XmlDocument {

    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JAXBContext context;
    private final Schema schema;

    /** The documents rooted in {@code rootClass}, valid against the classpath XSD {@code xsd}. */
    XmlDocument(Class<?> rootClass, String xsd) {
        try {
            this.context = JAXBContext.newInstance(rootClass);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB classes for " + xsd + " do not load: " + e.getMessage(), e);
        }
        this.schema = XmlSchemas.load(xsd);
    }

    /** Writes {@code root} to {@code file} (parent folders created), validating it against the schema. */
    void write(Object root, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Marshaller m = context.createMarshaller();
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
            m.setSchema(schema);
            try (OutputStream out = Files.newOutputStream(file)) {
                m.marshal(root, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (JAXBException e) {
            deletePartial(file);
            Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
            throw new IllegalStateException(file + " does not conform to its schema: " + cause.getMessage(), e);
        }
    }

    private static void deletePartial(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the non-conforming " + file, e);
        }
    }

    /** An {@code xs:date} or {@code xs:dateTime} from its ISO 8601 text ({@code LocalDate} or {@code Instant}). */
    static XMLGregorianCalendar calendar(Object isoValue) {
        return isoValue == null ? null : DATATYPES.newXMLGregorianCalendar(isoValue.toString());
    }
}
