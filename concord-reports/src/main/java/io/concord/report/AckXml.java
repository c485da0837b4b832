package io.concord.report;

import io.concord.model.Ack;
import io.concord.report.xml.ack.Rejection;
import io.concord.report.xml.ack.Status;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code acks/<submission-id>.xml}: the {@link Ack} of acks/&lt;submission-id&gt;.json as XML valid against
 * {@code xsd/concord-ack-1.xsd} (namespace {@code urn:concord:ack:1}).
 */
public final class AckXml {

    public static final String XSD = "xsd/concord-ack-1.xsd";

    private static final XmlDocument DOCUMENT = new XmlDocument(io.concord.report.xml.ack.Ack.class, XSD);

    private AckXml() {
    }

    /** Rejections marshalled and validated together when an ack is written a batch at a time. */
    static final int BATCH = 1_000;

    /**
     * Writes {@code ack} to {@code file}. An ack of a file whose every row was rejected lists a million rejections:
     * they are read in order, marshalled {@value #BATCH} at a time and appended ({@link XmlDocument.Appender}), so the
     * document is never held whole; the file is byte for byte the one the whole document marshalled at once gives.
     */
    public static void write(Ack ack, Path file) {
        if (ack.rejections().size() <= BATCH || ack.duplicateOf() != null) {
            DOCUMENT.write(document(ack, ack.rejections()), file);
            return;
        }
        // the root's last content is the repeated Rejection (DuplicateOf, after it, is absent)
        XmlDocument.Appender appender = DOCUMENT.append(document(ack, List.of()), file);
        try {
            // read in order (a large ack's rejections may be read from disk as they are iterated)
            List<Ack.Rejection> batch = new java.util.ArrayList<>(BATCH);
            for (java.util.Iterator<Ack.Rejection> it = ack.rejections().iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    try {
                        appender.add(DOCUMENT.marshalled(document(ack, batch)));
                    } catch (jakarta.xml.bind.JAXBException e) {
                        throw appender.refused(e);
                    }
                    batch.clear();
                }
            }
        } catch (RuntimeException e) {
            appender.discard();
            throw e;
        }
        appender.close();
    }

    static io.concord.report.xml.ack.Ack document(Ack ack) {
        return document(ack, ack.rejections());
    }

    /** The ack's XML document listing {@code rejections} of it. */
    private static io.concord.report.xml.ack.Ack document(Ack ack, List<Ack.Rejection> rejections) {
        io.concord.report.xml.ack.Ack x = new io.concord.report.xml.ack.Ack();
        x.setSubmissionId(ack.submissionId());
        x.setFeed(ack.feed());
        x.setFile(ack.file());
        x.setSha256(ack.sha256());
        x.setBytes(ack.bytes());
        x.setReceivedAt(XmlDocument.calendar(ack.receivedAt()));
        x.setMappingsVersion(ack.mappingsVersion());
        x.setStatus(Status.valueOf(ack.status().name()));
        x.setReceived(ack.received());
        x.setAccepted(ack.accepted());
        x.setRejected(ack.rejected());
        for (Ack.Rejection r : rejections) {
            Rejection xr = new Rejection();
            xr.setRecord(r.record());
            xr.setLocation(r.location());
            xr.setReason(r.reason().name());
            xr.setCategory(r.category().name());
            xr.setField(r.field());
            xr.setMessage(r.message());
            x.getRejection().add(xr);
        }
        x.setDuplicateOf(ack.duplicateOf());
        return x;
    }
}
