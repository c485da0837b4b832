package io.concord.feed;

import java.io.IOException;
import java.io.InputStream;

import java.util.NoSuchElementException;

/**
 * The pull mechanics every {@link RecordStream} shares: {@link #advance()} reads the next item (null at the end)
 * only when asked, and the stream closes itself (its readers, then the input) once exhausted.
 */
public abstract class PullStream implements RecordStream {

    /** The file's content, closed by {@link #close()}. */
    protected final InputStream in;
    /** The file being read. */
    protected final SourceFile source;
    private FeedItem pending;
    private boolean done;

    protected PullStream(InputStream in, SourceFile source) {
        this.in = in;
        this.source = source;
    }

    /** Releases what the stream opened over {@link #in} (parsers, packages); the input itself is closed after. */
    protected void release() throws IOException {
    }

    @Override
    public final void close() {
        try {
            release();
        } catch (IOException e) {
            // read-only input: nothing is lost by a failed close
        }
        try {
            in.close();
        } catch (IOException e) {
            // read-only input
        }
    }

    /** The next item, or null when there is none left. */
    protected abstract FeedItem advance();

    /** Ends the stream after {@code last} (which may be null): closes the input. */
    protected final FeedItem end(FeedItem last) {
        done = true;
        close();
        return last;
    }

    @Override
    public final boolean hasNext() {
        if (pending == null && !done) {
            pending = advance();
            if (pending == null) {
                end(null);
            }
        }
        return pending != null;
    }

    @Override
    public final FeedItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FeedItem item = pending;
        pending = null;
        return item;
    }
}
