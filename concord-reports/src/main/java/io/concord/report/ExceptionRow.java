package io.concord.report;

import io.concord.feed.RecordFailure;
import io.concord.model.ReasonCode;

import java.util.Map;

/**
 * One line of {@code exceptions.jsonl}: a rejected or unmapped record (or a whole file, record 0), where it was,
 * why, the attributes it had, the version of the mapping set it was checked against, and the firm it belongs to.
 *
 * @param firm the LEI of the firm whose outputs list the record (its workbook's Exceptions sheet, its margin.json):
 *             the firm the record reports for, when its submitter may report for that firm; a record a firm
 *             principal sent for a firm it may not report for belongs to the principal's own firm (when it has
 *             one); null when the record named no firm that verifies (a whole file that could not be read, a
 *             malformed firm LEI): such a record is in {@code exceptions.jsonl} and its submission's ack only, never
 *             put on a firm by its other attributes
 */
public record ExceptionRow(String submissionId, String feed, String file, long record, String location,
                           ReasonCode reason, ReasonCode.Category category, String field, String message,
                           Map<String, String> attributes, String mappingsVersion, String firm) {

    /** The row of {@code f}, listed for the firm {@code firm} (null: for none). */
    public static ExceptionRow of(String submissionId, String mappingsVersion, RecordFailure f, String firm) {
        return new ExceptionRow(submissionId, f.feed(), f.file(), f.record(), f.location(), f.code(),
                f.code().category(), f.field(), f.message(), f.attributes(), mappingsVersion, firm);
    }
}
