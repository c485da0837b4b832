package io.concord.report;

import io.concord.feed.XmlSchemas;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.MarshalException;
import jakarta.xml.bind.Marshaller;
import org.xml.sax.SAXException;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One kind of XML output: the JAXB classes generated from one of Concord's XSDs ({@code src/main/resources/xsd})
 * and that XSD. Every document is validated against the schema once marshalled, before it is written, so a document
 * that does not conform is an error, never a file (a partly written one is removed). A document whose root ends with a repeated
 * element can be written one such element at a time ({@link #append}).
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

    /**
     * A marshaller and a validator per thread that writes documents: neither is thread-safe, and a marshaller given
     * the schema builds a new validator for every document, which cost a sixth of marshalling an account's report.
     */
    private final ThreadLocal<Marshaller> marshallers;
    private final ThreadLocal<Validator> validators;

    /** The documents rooted in {@code rootClass}, valid against the classpath XSD {@code xsd}. */
    XmlDocument(Class<?> rootClass, String xsd) {
        JAXBContext context;
        try {
            context = JAXBContext.newInstance(rootClass);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB classes for " + xsd + " do not load: " + e.getMessage(), e);
        }
        Schema schema = XmlSchemas.load(xsd);
        this.marshallers = ThreadLocal.withInitial(() -> {
            try {
                Marshaller m = context.createMarshaller();
                m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
                return m;
            } catch (JAXBException e) {
                throw new IllegalStateException("no marshaller for " + xsd + ": " + e.getMessage(), e);
            }
        });
        this.validators = ThreadLocal.withInitial(() -> XmlSchemas.validator(schema));
    }

    /** Writes {@code root} to {@code file} (parent folders created), validating it against the schema. */
    void write(Object root, Path file) {
        try {
            byte[] bytes = marshalled(root);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (JAXBException e) {
            throw nonConforming(file, e);
        }
    }

    /**
     * Starts writing a document to {@code file} (parent folders created) one repeated element at a time;
     * {@code empty} is its root without them, and they are the root's last content. See {@link Appender}.
     */
    Appender append(Object empty, Path file) {
        return new Appender(empty, file);
    }

    /**
     * {@code root} marshalled and validated against the schema; any thread may call it. For {@link Appender#add}:
     * the root holding one of the repeated elements.
     */
    byte[] marshalled(Object root) throws JAXBException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marshallers.get().marshal(root, out);
        byte[] bytes = out.toByteArray();
        try {
            validators.get().validate(new StreamSource(new ByteArrayInputStream(bytes)));
        } catch (SAXException e) {
            throw new MarshalException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading an array does not fail
        }
        return bytes;
    }

    /**
     * A document written while its repeated elements arrive, so they are never held together. The root without
     * them is marshalled once: the file starts with everything before the root's end tag. Each element comes as
     * the root holding only that element, {@link #marshalled} (validated whole against the schema), and the
     * element's bytes (between the root's other content and its end tag) are appended; {@link #close} writes the
     * end tag. As the schema's root ends with the repeated element and each element is valid in the same place, the
     * file conforms and is byte for byte what {@link #write} of the root holding every element gives. An element
     * that does not conform is an error and the partly written file is removed.
     */
    final class Appender implements AutoCloseable {

        private final Path file;
        private final byte[] head;
        private final byte[] tail;
        private final OutputStream out;

        private Appender(Object empty, Path file) {
            this.file = file;
            byte[] bytes;
            try {
                bytes = marshalled(empty);
            } catch (JAXBException e) {
                throw nonConforming(file, e);
            }
            int end = lastIndexOf(bytes, "</".getBytes(StandardCharsets.UTF_8));
            head = Arrays.copyOf(bytes, end);
            tail = Arrays.copyOfRange(bytes, end, bytes.length);
            try {
                Files.createDirectories(file.getParent());
                out = new BufferedOutputStream(Files.newOutputStream(file));
                out.write(head);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        /** Appends the element of {@code whole}: the root holding only that element, {@link #marshalled}. */
        void add(byte[] whole) {
            int length = whole.length - head.length - tail.length;
            if (length < 0 || !Arrays.equals(whole, 0, head.length, head, 0, head.length)
                    || !Arrays.equals(whole, whole.length - tail.length, whole.length, tail, 0, tail.length)) {
                throw new IllegalStateException("the elements of " + file + " are not the root's last content");
            }
            try {
                out.write(whole, head.length, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        /** The element that {@link #marshalled} refused: the partly written file is closed and removed. */
        IllegalStateException refused(JAXBException e) {
            try {
                out.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            return nonConforming(file, e);
        }

        /** Closes the file unfinished and removes it. */
        void discard() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is removed all the same
            }
            deletePartial(file);
        }

        /** Writes the root's end tag and closes the file. */
        @Override
        public void close() {
            try (out) {
                out.write(tail);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** The error for a document that does not conform; its partly written file is removed. */
    private static IllegalStateException nonConforming(Path file, JAXBException e) {
        deletePartial(file);
        Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
        return new IllegalStateException(file + " does not conform to its schema: " + cause.getMessage(), e);
    }

    private static int lastIndexOf(byte[] bytes, byte[] part) {
        for (int i = bytes.length - part.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("no end tag in " + new String(bytes, StandardCharsets.UTF_8));
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
