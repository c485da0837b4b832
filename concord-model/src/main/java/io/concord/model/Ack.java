package io.concord.model;

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
 * @param status           ACCEPTED (nothing rejected), PARTIAL, REJECTED (nothing accepted), DUPLICATE
 * @param received         records read (a whole-file failure counts as one); 0 for a duplicate
 * @param accepted         records normalized
 * @param rejected         records rejected
 * @param rejections       every rejected record, with reason and location
 * @param duplicateOf      for status DUPLICATE: the submission that already carried this content
 */
public record Ack(String submissionId, String feed, String file, String sha256, long bytes, Instant receivedAt,
                  String mappingsVersion, Status status, long received, long accepted, long rejected,
                  List<Rejection> rejections, String duplicateOf) {

    /** DUPLICATE: the content was already submitted; nothing was counted again (serve mode). */
    public enum Status { ACCEPTED, PARTIAL, REJECTED, DUPLICATE }

    /** The ack of a re-submission of content the ledger already holds as {@code first}. */
    public static Ack duplicate(String submissionId, String feed, String file, String sha256, long bytes,
                                java.time.Instant receivedAt, String mappingsVersion, String first) {
        return new Ack(submissionId, feed, file, sha256, bytes, receivedAt, mappingsVersion, Status.DUPLICATE, 0, 0,
                0, List.of(), first);
    }

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
