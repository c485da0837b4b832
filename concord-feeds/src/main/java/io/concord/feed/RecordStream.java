package io.concord.feed;

import java.util.Iterator;

/**
 * A pull stream over one file's records. Parsers read lazily: a record is parsed when {@link #next()} asks for
 * it, so a file never sits whole in memory. Never throws for bad data: bad records and unreadable files come
 * out as {@link RecordFailure} items.
 */
public interface RecordStream extends Iterator<FeedItem>, AutoCloseable {
    @Override
    void close();

    /**
     * Notices about the file that reject nothing (a column the format does not define, read past and not used),
     * each with its location; complete once the stream is exhausted. Empty for most formats.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }
}
