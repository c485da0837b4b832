package io.concord.report;

import io.concord.model.Ack;
import io.concord.report.xml.ack.Rejection;
import io.concord.report.xml.ack.Status;

import java.nio.file.Path;

/**
 * {@code acks/<submission-id>.xml}: the {@link Ack} of acks/&lt;submission-id&gt;.json as XML valid against
 * {@code xsd/concord-ack-1.xsd} (namespace {@code urn:concord:ack:1}).
 */
public final class AckXml {

    public static final String XSD = "xsd/concord-ack-1.xsd";

    private static final XmlDocument DOCUMENT = new XmlDocument(io.concord.report.xml.ack.Ack.class, XSD);

    private AckXml() {
    }

    /** Writes {@code ack} to {@code file}. */
    public static void write(Ack ack, Path file) {
        DOCUMENT.write(document(ack), file);
    }

    static io.concord.report.xml.ack.Ack document(Ack ack) {
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
        for (Ack.Rejection r : ack.rejections()) {
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
