package io.concord.gateway;

import io.concord.report.MarginSummary;

import java.util.List;
import java.util.Map;

/**
 * What a process run did: files, record counts (received = accepted + rejected), and where its outputs are.
 *
 * @param mappingsVersion  mapping set version used
 * @param files            submissions processed (duplicates excluded)
 * @param duplicates       files skipped because the same content was already processed in this run
 * @param received         records received over all submissions
 * @param accepted         records normalized
 * @param rejected         records rejected
 * @param bookedPositions  positions in the book after the overwrite rule
 * @param acks             status of each submission by id
 * @param inputs           each submission in the order its ack was written: file, feed, status, counts and the
 *                         reasons of its rejections
 * @param outputs          output name → path
 * @param internalErrors   failures inside Concord (none on a good run)
 * @param margin           the market level of {@code margin/summary.json} (siloed, harmonized, freed), null when the
 *                         run computed no margin
 */
public record RunSummary(String mappingsVersion, int files, int duplicates, long received, long accepted,
                         long rejected, int bookedPositions, Map<String, String> acks, List<Input> inputs,
                         Map<String, String> outputs, List<String> internalErrors, MarginSummary.Level margin) {

    public RunSummary {
        inputs = List.copyOf(inputs);
    }

    /**
     * One submission of the run, as its ack says.
     *
     * @param submissionId   the submission's id (its ack is {@code acks/<id>.json})
     * @param feed           the feed it was read as
     * @param file           the file as received
     * @param status         ACCEPTED, PARTIAL, REJECTED
     * @param received       records read (received = accepted + rejected)
     * @param accepted       records normalized
     * @param rejected       records rejected
     * @param reasons        rejected records by reason code, most frequent first
     * @param firstRejection the first rejection, with its location and message (null when none)
     */
    public record Input(String submissionId, String feed, String file, String status, long received, long accepted,
                        long rejected, Map<String, Long> reasons, String firstRejection) {

        /** The input an ack describes. */
        public static Input of(io.concord.model.Ack ack) {
            Map<String, Long> counted = new java.util.HashMap<>();
            ack.rejections().forEach(r -> counted.merge(r.reason().name(), 1L, Long::sum));
            Map<String, Long> reasons = new java.util.LinkedHashMap<>();
            counted.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> reasons.put(e.getKey(), e.getValue()));
            String first = ack.rejections().isEmpty() ? null : describe(ack.rejections().get(0));
            return new Input(ack.submissionId(), ack.feed(), ack.file(), ack.status().name(), ack.received(),
                    ack.accepted(), ack.rejected(), reasons, first);
        }

        private static String describe(io.concord.model.Ack.Rejection r) {
            StringBuilder sb = new StringBuilder(r.reason().name());
            if (r.location() != null && !r.location().isBlank()) {
                sb.append(" at ").append(r.location());
            }
            if (r.field() != null && !r.field().isBlank()) {
                sb.append(" (").append(r.field()).append(')');
            }
            if (r.message() != null && !r.message().isBlank()) {
                sb.append(": ").append(r.message());
            }
            return sb.toString().replaceAll("\\s+", " ");
        }
    }
}
