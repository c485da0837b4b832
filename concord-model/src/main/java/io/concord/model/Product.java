package io.concord.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A normalized product: where it sits in the taxonomy, which agency and regime govern it, and what margin
 * needs to revalue it.
 *
 * @param taxonomy      taxonomy code, asset class / family / type, e.g. {@code EQUITY/INDEX_HIGH_CAP/FUTURE}
 * @param agency        SEC, CFTC or BOTH (from the taxonomy node)
 * @param regime        legal category (from the taxonomy node)
 * @param ids           identifiers
 * @param riskFactor    underlying risk factor shared across silos, e.g. {@code EQ:SPX}
 * @param multiplier    contract multiplier (1 for cash securities)
 * @param currency      ISO 4217 currency of price and multiplier
 * @param marginKey     key of the margin parameters for this product
 * @param expiry        expiry or maturity date, null when none
 * @param strike        option strike, null when not an option
 * @param putCall       option right, null when not an option
 * @param terms         further instrument terms the feed carried that margin or reports need and that have no
 *                      field of their own (event contract side and event ticker, swap notional and UTI, N-PORT asset
 *                      category ...), by name; part of the instrument key
 */
public record Product(String taxonomy, Agency agency, Regime regime, ProductIds ids, String riskFactor,
                      BigDecimal multiplier, String currency, String marginKey, LocalDate expiry,
                      BigDecimal strike, PutCall putCall, java.util.Map<String, String> terms) {

    public Product {
        terms = terms == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(terms));
    }

    /** Stable key of the instrument (not the account): used to key positions in the book. */
    public String instrumentKey() {
        return String.join("|", taxonomy, nz(ids.exchange()), nz(ids.contractCode()), nz(ids.isin()),
                nz(ids.cusip()), nz(ids.maturity()), expiry == null ? "" : expiry.toString(),
                strike == null ? "" : strike.stripTrailingZeros().toPlainString(),
                putCall == null ? "" : putCall.name(), terms.isEmpty() ? "" : terms.toString());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
