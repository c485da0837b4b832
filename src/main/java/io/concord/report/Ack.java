package io.concord.report;

import io.concord.model.ReasonCode;

import java.time.Instant;
import java.util.List;

/**
 * The acknowledgement of one submission. Counts reconcile: {@code received = accepted + rejected}.
 *
 * @param submissionId     id of the submission
 * @param feed             feed id it was read as
 * @param file             file name
 * @param sha256           SHA-256 of the content
 * @param bytes            size
 * @param receivedAt       when processing began
 * @param mappingsVersion  version of the mapping set used
 * @param status           ACCEPTED (nothing rejected), PARTIAL, REJECTED (nothing accepted)
 * @param received         records read (a whole-file failure counts as one)
 * @param accepted         records normalized
 * @param rejected         records rejected
 * @param rejections       every rejected record, with reason and location
 */
public record Ack(String submissionId, String feed, String file, String sha256, long bytes, Instant receivedAt,
                  String mappingsVersion, Status status, long received, long accepted, long rejected,
                  List<Rejection> rejections) {

    public enum Status { ACCEPTED, PARTIAL, REJECTED }

    /** One rejected record in an ack. */
    public record Rejection(long record, String location, ReasonCode reason, ReasonCode.Category category,
                            String field, String message) {
    }

    public static Status statusOf(long accepted, long rejected) {
        if (rejected == 0) {
            return Status.ACCEPTED;
        }
        return accepted == 0 ? Status.REJECTED : Status.PARTIAL;
    }
}
