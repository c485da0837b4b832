package io.concord.gateway.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;

/**
 * One normalized record as it crosses the bus from ingest to the workers: exactly one of {@code position},
 * {@code collateral}, {@code sensitivity} is set.
 *
 * @param id          the record's identity, the same however often it is delivered: kind, submission id and
 *                    record number in the file ({@code position:cftc-fixml-posrpt-0123abcd:17}); workers apply
 *                    an identity once
 * @param seq         publish order (increasing within one ingest), which keeps the book's first-seen order
 * @param firm        firm LEI
 * @param account     account at the firm (for sensitivities, the CRIF portfolio)
 */
public record BusRecord(String id, long seq, String firm, String account, Position position,
                        CollateralLine collateral, Sensitivity sensitivity) {

    private static final com.fasterxml.jackson.databind.ObjectReader READER = Json.MAPPER.readerFor(BusRecord.class);
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = Json.MAPPER.writerFor(BusRecord.class);

    /** The three kinds of record, each on its own topic. */
    public enum Kind {
        POSITIONS, COLLATERAL, SENSITIVITIES;

        /** The configuration name of the kind's endpoint, {@code concord.endpoint.<name>}. */
        public String endpointName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Kind kind() {
        return position != null ? Kind.POSITIONS : collateral != null ? Kind.COLLATERAL : Kind.SENSITIVITIES;
    }

    /** Where the record came from: its submission and record number in the file. */
    public Lineage lineage() {
        return position != null ? position.lineage() : collateral != null ? collateral.lineage()
                : sensitivity.lineage();
    }

    /** The partitioning key, firm + account: every record of one account lands in one partition. */
    public String key() {
        return firm + "|" + account;
    }

    public String toJson() {
        try {
            return WRITER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bus record " + id + ": " + e.getMessage(), e);
        }
    }

    public static BusRecord fromJson(String json) {
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a bus record: " + e.getOriginalMessage(), e);
        }
    }
}
