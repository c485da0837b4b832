package io.concord.gateway;

import io.concord.feed.FeedParser;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;

/**
 * A file taken in for processing: its description, the parser that reads it, or the failure that stops it from
 * being read at all (then it is acknowledged as one rejected record).
 */
public record Submission(SourceFile source, FeedParser parser, RecordFailure fileFailure, boolean duplicate) {
}
