package io.concord.report;

import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.model.Ack;
import io.concord.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A submission's rejections past {@link SubmissionTally#HELD} go to the spill folder as they come: its ack lists
 * every one, in order, and says in JSON and XML exactly what an ack holding them all in memory says; the file goes
 * once no ack reads it.
 */
class SubmissionTallyTest {

    @TempDir
    Path dir;

    private static final SourceFile SOURCE = new SourceFile(Path.of("bad.csv"), "bad.csv", "sec-bd-positions",
            "sec-bd-positions-0123456789abcdef", "b".repeat(64), 1_000_000);

    private static RecordFailure failure(int i) {
        return new RecordFailure("sec-bd-positions", "bad.csv", i + 2, "line " + (i + 2),
                i % 7 == 0 ? ReasonCode.MISSING_FIELD : ReasonCode.INVALID_VALUE, i % 5 == 0 ? null : "quantity",
                "quantity 'x" + i + "' is not a number \"quoted\" é", Map.of());
    }

    private static Ack.Rejection rejection(RecordFailure f) {
        return new Ack.Rejection(f.record(), f.location(), f.code(), f.code().category(), f.field(), f.message());
    }

    @Test
    void rejectionsPastThoseHeldAreReadBackInOrderAndTheAckIsTheSame() throws Exception {
        Path spill = dir.resolve("rejections");
        SubmissionTally tally = new SubmissionTally(SOURCE, Instant.parse("2026-12-06T22:00:00Z"), spill);
        int n = 3 * SubmissionTally.HELD + 123;
        List<Ack.Rejection> expected = new ArrayList<>();
        tally.accepted(7);
        for (int i = 0; i < n; i++) {
            RecordFailure f = failure(i);
            tally.rejected(f);
            expected.add(rejection(f));
        }
        Ack ack = tally.ack("sha256:v");
        assertThat(ack.rejected()).isEqualTo(n);
        assertThat(ack.received()).isEqualTo(n + 7);
        assertThat(ack.rejections()).hasSize(n).containsExactlyElementsOf(expected);
        assertThat(ack.rejections().get(0)).isEqualTo(expected.get(0));
        assertThat(ack.rejections().get(2_345)).isEqualTo(expected.get(2_345));
        try (var files = Files.list(spill)) {
            assertThat(files.toList()).as("one file, for the rejections past those held").hasSize(1);
        }

        Ack inMemory = new Ack(ack.submissionId(), ack.feed(), ack.file(), ack.sha256(), ack.bytes(),
                ack.receivedAt(), ack.mappingsVersion(), ack.status(), ack.received(), ack.accepted(),
                ack.rejected(), expected, null);
        assertThat(Json.MAPPER.writeValueAsString(ack)).isEqualTo(Json.MAPPER.writeValueAsString(inMemory));
        AckXml.write(ack, dir.resolve("spilled.xml"));
        AckXml.write(inMemory, dir.resolve("held.xml"));
        assertThat(Files.mismatch(dir.resolve("spilled.xml"), dir.resolve("held.xml"))).isEqualTo(-1);

        // a rejection after the ack (the run's summary asks again): the next ack has it too
        RecordFailure late = failure(n);
        tally.rejected(late);
        expected.add(rejection(late));
        assertThat(tally.ack("sha256:v").rejections()).containsExactlyElementsOf(expected);
    }

    @Test
    void aSubmissionWithinTheHeldRejectionsWritesNothingAndTheFileGoesWithTheLastAck() {
        Path spill = dir.resolve("rejections");
        SubmissionTally small = new SubmissionTally(SOURCE, Instant.now(), spill);
        for (int i = 0; i < SubmissionTally.HELD; i++) {
            small.rejected(failure(i));
        }
        assertThat(small.ack("v").rejections()).hasSize(SubmissionTally.HELD);
        assertThat(spill).doesNotExist();

        SubmissionTally large = new SubmissionTally(SOURCE, Instant.now(), spill);
        for (int i = 0; i <= SubmissionTally.HELD; i++) {
            large.rejected(failure(i));
        }
        assertThat(large.ack("v").rejections()).hasSize(SubmissionTally.HELD + 1);
        large = null; // the tally and its acks are gone: nothing reads the file any more
        await().atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
            System.gc();
            try (var files = Files.list(spill)) {
                return files.findAny().isEmpty();
            }
        });
    }
}
