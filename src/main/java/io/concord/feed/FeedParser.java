package io.concord.feed;

import java.io.InputStream;

/** One feed format: how to recognise its files and how to stream their records. */
public interface FeedParser {

    /** Feed id, e.g. {@code sec-bd-positions}. */
    String id();

    /** One line on what the feed is, for help and README. */
    String description();

    /**
     * Whether a file whose first bytes (decoded as UTF-8) are {@code head} is of this format. Formats must
     * be decisive: at most one format may claim a file.
     */
    boolean sniff(String head);

    /** Opens a stream over the records of {@code in}, which the stream closes. */
    RecordStream open(InputStream in, SourceFile source);
}
