package io.concord.model;

/**
 * Identifiers a product is known by. Any may be null; those present have been validated.
 *
 * @param isin          ISO 6166
 * @param cusip         CUSIP with check digit
 * @param cfi           ISO 10962 classification
 * @param upi           ANNA DSB unique product identifier
 * @param dti           ISO 24165 digital token identifier
 * @param exchange      market identifier (MIC, e.g. XCME) or exchange code as the feed gave it
 * @param contractCode  exchange contract / commodity code or ticker symbol
 * @param maturity      contract month or date as the feed gave it (e.g. 202612)
 */
public record ProductIds(String isin, String cusip, String cfi, String upi, String dti,
                         String exchange, String contractCode, String maturity) {
}
