package io.concord.feed;

import java.util.NoSuchElementException;

/**
 * The pull mechanics every {@link RecordStream} shares: {@link #advance()} reads the next item (null at the end)
 * only when asked, and the stream closes itself once exhausted.
 */
public abstract class PullStream implements RecordStream {

    private FeedItem pending;
    private boolean done;

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
