package io.concord.feed;

import java.io.InputStream;

/**
 * One feed format: how to recognise its files and how to stream their records. This is the feed SPI: a format is a
 * public class with a public no-argument constructor implementing it, listed in
 * {@code META-INF/services/io.concord.feed.FeedParser} (read by {@link FeedFormats#standard()}).
 */
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

    /**
     * When this format does not claim a file but its head looks like another version of it (e.g. an ISO 20022
     * message of a version the feed does not read), a sentence naming the version found and the versions read;
     * null otherwise. Detection says it instead of "no feed format recognises the content".
     */
    default String nearMiss(String head) {
        return null;
    }

    /** Opens a stream over the records of {@code in}, which the stream closes. */
    RecordStream open(InputStream in, SourceFile source);
}
