package io.concord.gateway;

import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Ack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The pipeline's stages as the routes call them. {@link ProcessRun} implements them for one run; serve mode
 * dispatches each submission to its own run.
 */
public interface Stages {

    /** Describes a file as a submission (feed detected unless fixed), or says why it cannot be read. */
    Submission open(Path file);

    /** Whether the submission is new (the same content is processed once). */
    boolean isNew(Submission s);

    /** The submission's records, streamed in batches. */
    Iterator<RecordBatch> batches(Submission s) throws IOException;

    /** Maps each parsed record of a batch; parser failures pass through. */
    NormalizedBatch normalize(RecordBatch batch);

    /** Writes a batch's results; true when this completed its submission. */
    boolean write(NormalizedBatch batch);

    /** Rejects a batch that failed inside Concord with INTERNAL_ERROR; true when this completed its submission. */
    boolean failBatch(SourceFile source, int sequence, boolean last, List<?> items, Exception cause);

    /** Rejects a whole submission that failed outside any batch; true when this completed it. */
    boolean failSubmission(SourceFile source, Exception cause);

    /** The acknowledgement of a completed submission. */
    Ack ack(SourceFile source);
}
