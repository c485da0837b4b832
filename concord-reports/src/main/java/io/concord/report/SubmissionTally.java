package io.concord.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.model.Ack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Running counts of one submission while its records pass through; becomes its {@link Ack}. Its rejections are held
 * in memory up to {@link #HELD}; the rest go to a file of JSON lines under the spill folder as they come, so a file
 * whose every row is refused (a million rejections) costs disk, not heap.
 */
public final class SubmissionTally {

    /** Rejections held in memory; past these, they are written to the spill folder. */
    public static final int HELD = 1_000;

    private final SourceFile source;
    private final Instant receivedAt;
    private final Path spillDir;
    private final List<Ack.Rejection> rejections = new ArrayList<>();
    private SpilledRejections.Store store;
    private SequenceWriter spilling;
    private long spilled;
    private long accepted;
    private int batchesDone;
    private int batchesExpected = -1;
    private boolean acked;

    /** The tally of {@code source}, its rejections past {@link #HELD} written under {@code spillDir}. */
    public SubmissionTally(SourceFile source, Instant receivedAt, Path spillDir) {
        this.source = source;
        this.receivedAt = receivedAt;
        this.spillDir = spillDir;
    }

    public synchronized void accepted(int n) {
        accepted += n;
    }

    public synchronized void rejected(RecordFailure f) {
        Ack.Rejection r = new Ack.Rejection(f.record(), f.location(), f.code(), f.code().category(), f.field(),
                f.message());
        if (rejections.size() < HELD) {
            rejections.add(r);
            return;
        }
        try {
            if (spilling == null) {
                if (store == null) {
                    Files.createDirectories(spillDir);
                    store = new SpilledRejections.Store(Files.createTempFile(spillDir, "rejections-", ".jsonl"));
                }
                spilling = SPILL.writeValues(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(
                        store.file, StandardOpenOption.APPEND), StandardCharsets.UTF_8), 1 << 16));
            }
            spilling.write(r);
            spilled++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the rejections of " + source.submissionId() + " under "
                    + spillDir, e);
        }
    }

    private static final ObjectWriter SPILL = Json.MAPPER.writerFor(Ack.Rejection.class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).withRootValueSeparator("\n");

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

    /**
     * The submission's ack. With more than {@link #HELD} rejections its list reads the rest from the spill file, which
     * is removed once no ack refers to it.
     */
    public synchronized Ack ack(String mappingsVersion) {
        long rejected = rejections.size() + spilled;
        List<Ack.Rejection> all;
        if (spilled == 0) {
            all = List.copyOf(rejections);
        } else {
            try {
                if (spilling != null) {
                    spilling.close();
                    spilling = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the rejections of " + source.submissionId(), e);
            }
            all = new SpilledRejections(rejections, store, spilled);
        }
        return new Ack(source.submissionId(), source.feedId(), source.name(), source.sha256(), source.bytes(),
                receivedAt, mappingsVersion, Ack.statusOf(accepted, rejected), accepted + rejected, accepted,
                rejected, all, null);
    }
}
