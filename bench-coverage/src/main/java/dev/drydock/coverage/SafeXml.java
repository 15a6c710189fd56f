package dev.drydock.coverage;

import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.ReportSource;
import java.io.InputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers that cannot be turned against drydock: no DTD processing, no external entities, so
 * neither XXE nor entity-expansion bombs work; a document with a DOCTYPE is read without it.
 */
final class SafeXml {
    private static final XMLInputFactory FACTORY = createFactory();

    private SafeXml() {}

    private static XMLInputFactory createFactory() {
        // Aalto: a fast, non-validating StAX parser (about twice the JDK's speed on large reports)
        XMLInputFactory factory = new com.fasterxml.aalto.stax.InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not loaded: " + systemId);
        });
        return factory;
    }

    /** What a parser does with an open reader. */
    @FunctionalInterface
    interface Body<T> {
        T read(XMLStreamReader reader) throws XMLStreamException;
    }

    /**
     * Opens a safe reader on {@code in}, runs {@code body} and closes the reader; every failure of
     * the XML parser becomes a {@link ReportFormatException} naming the file and the position.
     */
    static <T> T read(InputStream in, ReportSource source, Body<T> body) {
        XMLStreamReader reader = open(in, source);
        try {
            return body.read(reader);
        } catch (XMLStreamException e) {
            throw malformed(source, e);
        } catch (ReportFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw lazyFailure(source, e);
        } finally {
            close(reader);
        }
    }

    private static XMLStreamReader open(InputStream in, ReportSource source) {
        try {
            // the parser reads a few KiB at a time; a large buffer saves most of the system calls
            return FACTORY.createXMLStreamReader(new java.io.BufferedInputStream(in, 1 << 16));
        } catch (XMLStreamException e) {
            throw malformed(source, e);
        }
    }

    /**
     * The next event, refusing entity declarations and references outright: they are never
     * expanded anyway, and a report that needs them is either broken or an attack.
     */
    static int next(XMLStreamReader reader, ReportSource source) throws XMLStreamException {
        int event;
        try {
            event = reader.next();
        } catch (RuntimeException e) {
            // thrown from inside the parser on this input, whatever it is: malformed input, not a drydock bug
            throw parserFailure(source, e);
        }
        if (event == XMLStreamConstants.DTD && reader.getText().contains("<!ENTITY")) {
            throw error(source, reader, "DTD entity declarations are not allowed in a report");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw error(source, reader, "entity reference &" + reader.getLocalName() + "; is not allowed in a report");
        }
        return event;
    }

    /**
     * Aalto parses text lazily and reports malformed text from accessors such as {@code getText()}
     * as an unchecked exception around the {@link XMLStreamException}; this turns it into a format
     * error, and rethrows anything else.
     */
    static ReportFormatException lazyFailure(ReportSource source, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof XMLStreamException xml) {
                return malformed(source, xml);
            }
        }
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length > 0 && (trace[0].getClassName().startsWith("com.fasterxml.aalto.")
                || trace[0].getClassName().startsWith("org.codehaus.stax2."))) {
            return parserFailure(source, e);
        }
        throw e;
    }

    /** The XML parser itself broke on this input (the fuzzer found such inputs): still malformed input. */
    static ReportFormatException parserFailure(ReportSource source, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof XMLStreamException xml) {
                return malformed(source, xml);
            }
        }
        return new ReportFormatException(source.name() + ": malformed XML (the XML parser gave up: " + e + ")", e);
    }

    /** Closes the reader; the underlying stream belongs to the caller. */
    private static void close(XMLStreamReader reader) {
        try {
            reader.close();
        } catch (XMLStreamException ignored) {
            // nothing is held beyond the stream the caller closes
        }
    }

    static ReportFormatException malformed(ReportSource source, XMLStreamException e) {
        Location location = e.getLocation();
        String where = location == null ? "" : ":" + location.getLineNumber() + ":" + location.getColumnNumber();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // the JDK prefixes its messages with "ParseError at [row,col]:[..]\nMessage: "
        int idx = message.indexOf("Message: ");
        if (idx >= 0) {
            message = message.substring(idx + "Message: ".length());
        }
        int position = message.indexOf("\n at [row,col"); // Aalto appends the position we already print
        if (position >= 0) {
            message = message.substring(0, position);
        }
        return new ReportFormatException(source.name() + where + ": malformed XML: " + message.strip(), e);
    }

    static ReportFormatException error(ReportSource source, XMLStreamReader reader, String message) {
        Location location = reader.getLocation();
        return new ReportFormatException(
                source.name() + ":" + location.getLineNumber() + ":" + location.getColumnNumber() + ": " + message);
    }

    static int intAttribute(XMLStreamReader reader, ReportSource source, String name) {
        String value = reader.getAttributeValue(null, name);
        if (value == null) {
            throw error(source, reader, "<" + reader.getLocalName() + "> lacks the attribute " + name);
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw error(source, reader, "attribute " + name + " of <" + reader.getLocalName()
                    + "> must be a whole number but is '" + LcovParser.abbreviate(value) + "'");
        }
    }
}
