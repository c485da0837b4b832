package io.concord.feed;

/** What a parser yields for one record: a parsed record of some kind, or a failure with its location. */
public interface FeedItem {
}
