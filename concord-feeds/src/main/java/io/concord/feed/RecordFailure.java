package io.concord.feed;

import io.concord.model.ReasonCode;

import java.util.Map;

/**
 * A record (or a whole file) that was not accepted, with where it was and why.
 *
 * @param feed        feed id
 * @param file        file name
 * @param record      1-based record ordinal, 0 when the failure concerns the whole file
 * @param location    human-readable position, e.g. {@code line 7} or {@code /FIXML/Batch/PosRpt[2] (line 14)}
 * @param code        reason from the stable catalogue
 * @param field       the field or element at fault, null when not one field
 * @param message     what was wrong, in a sentence
 * @param attributes  the raw attributes the record had, as read
 * @param firm        the LEI of the firm the record reports for, as its firm field gave it (a valid LEI), or null
 *                    when the record did not name one that verifies (or the whole file failed): the failure is then
 *                    never put on any firm by guessing
 */
public record RecordFailure(String feed, String file, long record, String location, ReasonCode code,
                            String field, String message, Map<String, String> attributes, String firm)
        implements FeedItem {

    public RecordFailure {
        // kept in the order given when it has one; a map without an order (Map.of iterates in an order that
        // changes from one JVM to the next) is sorted by name, so exceptions.jsonl is the same on every run
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(attributes.getClass().getName().startsWith("java.util.ImmutableCollections")
                        ? new java.util.TreeMap<>(attributes) : attributes));
    }

    /** A failure that names no firm. */
    public RecordFailure(String feed, String file, long record, String location, ReasonCode code, String field,
                         String message, Map<String, String> attributes) {
        this(feed, file, record, location, code, field, message, attributes, null);
    }

    /** A failure of the whole file (record 0): it counts as one rejected record. */
    public static RecordFailure ofFile(SourceFile src, String location, ReasonCode code, String message) {
        return new RecordFailure(src.feedId(), src.name(), 0, location, code, null, message, Map.of());
    }

    /** This failure, of the firm {@code lei} (null: none). */
    public RecordFailure withFirm(String lei) {
        return new RecordFailure(feed, file, record, location, code, field, message, attributes, lei);
    }
}
