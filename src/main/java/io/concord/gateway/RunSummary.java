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
 * @param outputs          output name → path
 * @param internalErrors   failures inside Concord (none on a good run)
 * @param margin           the market level of {@code margin/summary.json} (siloed, harmonized, freed), null when the
 *                         run computed no margin
 */
public record RunSummary(String mappingsVersion, int files, int duplicates, long received, long accepted,
                         long rejected, int bookedPositions, Map<String, String> acks, Map<String, String> outputs,
                         List<String> internalErrors, MarginSummary.Level margin) {
}
