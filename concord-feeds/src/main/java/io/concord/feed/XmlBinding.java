package io.concord.feed;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import javax.xml.validation.Schema;
import java.util.Arrays;

/**
 * An XML feed's JAXB binding and, when it is validated, its schema, built the first time a file of the feed is
 * read. Every parser is instantiated whenever the feed formats are listed (a run sniffs each file against all of
 * them), and a binding takes a tenth of a second or more to build: a run of one CSV file builds none. Safe to share
 * between threads; built at most once.
 */
public final class XmlBinding {

    private final String name;
    private final Class<?>[] classes;
    private final String[] schemas;
    private volatile JAXBContext context;
    private volatile Schema schema;

    private XmlBinding(String name, Class<?>[] classes, String[] schemas) {
        this.name = name;
        this.classes = classes.clone();
        this.schemas = schemas.clone();
    }

    /** The binding of {@code classes}, named {@code name} in the error a broken binding throws. */
    public static XmlBinding of(String name, Class<?>... classes) {
        return new XmlBinding(name, classes, new String[0]);
    }

    /** This binding, validated against the XSDs at classpath {@code resources} ({@link XmlSchemas#load}). */
    public XmlBinding validatedBy(String... resources) {
        return new XmlBinding(name, classes, resources);
    }

    /** The JAXB context; a binding that cannot be built is a build error ({@link IllegalStateException}). */
    public JAXBContext context() {
        JAXBContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    try {
                        c = JAXBContext.newInstance(classes);
                    } catch (JAXBException e) {
                        throw new IllegalStateException(name + " binding is broken", e);
                    }
                    context = c;
                }
            }
        }
        return c;
    }

    /** The schema named by {@link #validatedBy}; {@link IllegalStateException} when there is none. */
    public Schema schema() {
        if (schemas.length == 0) {
            throw new IllegalStateException(name + " has no schema: " + Arrays.toString(classes));
        }
        Schema s = schema;
        if (s == null) {
            synchronized (this) {
                s = schema;
                if (s == null) {
                    s = XmlSchemas.load(schemas);
                    schema = s;
                }
            }
        }
        return s;
    }
}
