package io.concord.report;

import io.concord.feed.RecordFailure;
import io.concord.model.ReasonCode;

import java.util.Map;

/**
 * One line of {@code exceptions.jsonl}: a rejected or unmapped record (or a whole file, record 0), where it was,
 * why, and the attributes it had.
 */
public record ExceptionRow(String submissionId, String feed, String file, long record, String location,
                           ReasonCode reason, ReasonCode.Category category, String field, String message,
                           Map<String, String> attributes) {

    public static ExceptionRow of(String submissionId, RecordFailure f) {
        return new ExceptionRow(submissionId, f.feed(), f.file(), f.record(), f.location(), f.code(),
                f.code().category(), f.field(), f.message(), f.attributes());
    }
}
