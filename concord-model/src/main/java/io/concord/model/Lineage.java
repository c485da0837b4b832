package io.concord.model;

/**
 * Where a normalized record came from: the feed, the file, its position in the file, and the mapping
 * definition that gave it its product.
 *
 * @param feed              feed id, e.g. {@code cftc-fixml-posrpt}
 * @param file              file name as received
 * @param record            1-based ordinal of the record in the file
 * @param location          human-readable position: {@code line 12} or {@code /FIXML/Batch/PosRpt[3] (line 40)}
 * @param submissionId      the submission (one received file) the record arrived in
 * @param mappingId         product definition id, null before normalization
 * @param mappingVersion    product definition version, null before normalization
 * @param mappingSet        version (content hash) of the mapping set the definition came from, null before
 *                          normalization
 */
public record Lineage(String feed, String file, long record, String location, String submissionId,
                      String mappingId, Integer mappingVersion, String mappingSet) {

    public static Lineage of(String feed, String file, long record, String location, String submissionId) {
        return new Lineage(feed, file, record, location, submissionId, null, null, null);
    }

    /** This lineage with the product definition (id and version) and mapping set version that mapped it. */
    public Lineage withMapping(String id, int version, String mappingSet) {
        return new Lineage(feed, file, record, location, submissionId, id, version, mappingSet);
    }
}
