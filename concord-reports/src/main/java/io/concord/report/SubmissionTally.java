package io.concord.report;

import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.model.Ack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Running counts of one submission while its records pass through; becomes its {@link Ack}. */
public final class SubmissionTally {

    private final SourceFile source;
    private final Instant receivedAt;
    private final List<Ack.Rejection> rejections = new ArrayList<>();
    private long accepted;
    private int batchesDone;
    private int batchesExpected = -1;
    private boolean acked;

    public SubmissionTally(SourceFile source, Instant receivedAt) {
        this.source = source;
        this.receivedAt = receivedAt;
    }

    public synchronized void accepted(int n) {
        accepted += n;
    }

    public synchronized void rejected(RecordFailure f) {
        rejections.add(new Ack.Rejection(f.record(), f.location(), f.code(), f.code().category(), f.field(),
                f.message()));
    }

    /**
     * Records that batch {@code sequence} of the submission has been fully handled; true exactly once, when every
     * batch up to the last one is done (batches may finish in any order).
     */
    public synchronized boolean batchDone(int sequence, boolean last) {
        batchesDone++;
        if (last) {
            batchesExpected = sequence;
        }
        if (!acked && batchesDone == batchesExpected) {
            acked = true;
            return true;
        }
        return false;
    }

    public SourceFile source() {
        return source;
    }

    public synchronized Ack ack(String mappingsVersion) {
        long rejected = rejections.size();
        return new Ack(source.submissionId(), source.feedId(), source.name(), source.sha256(), source.bytes(),
                receivedAt, mappingsVersion, Ack.statusOf(accepted, rejected), accepted + rejected, accepted,
                rejected, List.copyOf(rejections), null);
    }
}
