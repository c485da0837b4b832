package io.concord.model;

import java.math.BigDecimal;

/**
 * One ISDA CRIF sensitivity row for uncleared swaps / SBS, as SIMM consumes it.
 *
 * @param firmLei            firm the portfolio belongs to
 * @param account            portfolio / netting set / account
 * @param segregationClass   where its margin sits (usually UNCLEARED_IM_SEG)
 * @param tradeId            CRIF TradeID, null when aggregated
 * @param imModel            CRIF IMModel (SIMM, Schedule), null when absent
 * @param productClass       RatesFX, Credit, Equity, Commodity
 * @param riskType           e.g. Risk_IRCurve, Risk_FX, Risk_Equity
 * @param qualifier          e.g. currency, issuer, index
 * @param bucket             bucket number or label, null when the risk type has none
 * @param label1             tenor / label 1
 * @param label2             sub-curve / label 2
 * @param amount             sensitivity amount in {@code amountCurrency}
 * @param amountCurrency     ISO 4217
 * @param amountUsd          sensitivity in USD
 * @param postRegulations    CRIF PostRegulation (comma list), null when absent
 * @param collectRegulations CRIF CollectRegulation (comma list), null when absent
 * @param lineage            where it came from
 */
public record Sensitivity(String firmLei, String account, SegregationClass segregationClass, String tradeId,
                          String imModel, String productClass, String riskType, String qualifier, String bucket,
                          String label1, String label2, BigDecimal amount, String amountCurrency,
                          BigDecimal amountUsd, String postRegulations, String collectRegulations,
                          Lineage lineage) {

    /**
     * Firm + portfolio + segregation class: the portfolio SIMM nets as a whole, so a later submission's rows of
     * a portfolio replace all its earlier rows in the ledger (CRIF rows carry no business date).
     */
    public String portfolioKey() {
        return String.join("|", String.valueOf(firmLei), String.valueOf(account), String.valueOf(segregationClass));
    }
}
