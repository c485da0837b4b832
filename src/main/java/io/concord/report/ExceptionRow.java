package io.concord.report;

import io.concord.feed.RecordFailure;
import io.concord.model.ReasonCode;

import java.util.Map;

/**
 * One line of {@code exceptions.jsonl}: a rejected or unmapped record (or a whole file, record 0), where it was,
 * why, the attributes it had, and the version of the mapping set it was checked against.
 */
public record ExceptionRow(String submissionId, String feed, String file, long record, String location,
                           ReasonCode reason, ReasonCode.Category category, String field, String message,
                           Map<String, String> attributes, String mappingsVersion) {

    public static ExceptionRow of(String submissionId, String mappingsVersion, RecordFailure f) {
        return new ExceptionRow(submissionId, f.feed(), f.file(), f.record(), f.location(), f.code(),
                f.code().category(), f.field(), f.message(), f.attributes(), mappingsVersion);
    }
}
