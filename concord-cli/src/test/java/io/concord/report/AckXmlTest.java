package io.concord.report;

import io.concord.model.Ack;
import io.concord.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ack with more rejections than one batch ({@link AckXml#BATCH}) is written a batch at a time and is byte for
 * byte the document marshalled whole; one that does not conform is refused and leaves no file.
 */
class AckXmlTest {

    @TempDir
    Path dir;

    private static Ack ack(int rejected, String message) {
        List<Ack.Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < rejected; i++) {
            rejections.add(new Ack.Rejection(i + 2, "line " + (i + 2), ReasonCode.INVALID_VALUE,
                    ReasonCode.INVALID_VALUE.category(), i % 3 == 0 ? null : "quantity",
                    i == rejected - 1 ? message : "quantity 'x" + i + "' is not a number"));
        }
        return new Ack("sec-bd-positions-0123456789abcdef", "sec-bd-positions", "bad.csv",
                "a".repeat(64), 123_456, Instant.parse("2026-12-06T22:00:00Z"), "sha256:44c897ba2a6445ff",
                Ack.statusOf(5, rejected), 5L + rejected, 5, rejected, rejections, null);
    }

    @Test
    void aLargeAckWrittenABatchAtATimeIsTheWholeDocument() throws Exception {
        for (int n : new int[] {0, 1, AckXml.BATCH, AckXml.BATCH + 1, 3 * AckXml.BATCH + 17}) {
            Ack ack = ack(n, "last");
            Path file = dir.resolve(n + ".xml");
            AckXml.write(ack, file);
            byte[] whole = new XmlDocument(io.concord.report.xml.ack.Ack.class, AckXml.XSD)
                    .marshalled(AckXml.document(ack));
            assertThat(Files.readAllBytes(file)).as("%d rejections", n).isEqualTo(whole);
            assertThat(Files.readString(file).split("<Rejection>", -1)).hasSize(n + 1);
        }
    }

    @Test
    void aRejectionThatDoesNotConformRefusesTheAckAndLeavesNoFile() {
        Path file = dir.resolve("refused.xml");
        // a control character is not allowed in XML 1.0: the last batch does not conform
        assertThatThrownBy(() -> AckXml.write(ack(2 * AckXml.BATCH + 5, "bad \u0001 byte"), file))
                .isInstanceOf(IllegalStateException.class);
        assertThat(file).doesNotExist();
    }
}
