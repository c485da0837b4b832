package io.concord.feed;

import io.concord.model.ReasonCode;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A file's records, or, when the file holds none (a header row and no rows, an empty JSON array, a filing without
 * holdings), one whole-file rejection saying so: a submission is never acknowledged ACCEPTED with nothing in it,
 * which would read as "all is well" for a file that delivered nothing. The rejection counts as the file's one
 * received record, so received = accepted + rejected still holds.
 */
public final class NonEmptyStream implements RecordStream {

    private final RecordStream stream;
    private final SourceFile source;
    private boolean any;
    private FeedItem none;

    private NonEmptyStream(RecordStream stream, SourceFile source) {
        this.stream = stream;
        this.source = source;
    }

    /** {@code stream}, guarded: an empty one yields one NOT_A_POSITION failure of the whole file. */
    public static RecordStream of(RecordStream stream, SourceFile source) {
        return new NonEmptyStream(stream, source);
    }

    @Override
    public boolean hasNext() {
        if (stream.hasNext()) {
            any = true;
            return true;
        }
        if (!any && none == null) {
            any = true;
            none = RecordFailure.ofFile(source, "file", ReasonCode.NOT_A_POSITION, "the file holds no record of feed "
                    + source.feedId() + " (no position, collateral line or sensitivity): nothing was booked from it");
        }
        return none != null;
    }

    @Override
    public FeedItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (none != null) {
            FeedItem f = none;
            none = null;
            return f;
        }
        return stream.next();
    }

    @Override
    public List<String> warnings() {
        return stream.warnings();
    }

    @Override
    public void close() {
        stream.close();
    }
}
