package io.concord.feed;

/**
 * Names of the product attributes feeds put in a record's attribute map, which product definitions match on
 * and which the normalizer reads. Values are canonical: dates ISO-8601, numbers plain, put/call PUT or CALL.
 */
public final class Attr {
    public static final String FEED = "feed";
    public static final String EXCHANGE = "exchange";
    public static final String CONTRACT_CODE = "contractCode";
    public static final String SYMBOL = "symbol";
    public static final String SECURITY_TYPE = "securityType";
    public static final String ISIN = "isin";
    public static final String CUSIP = "cusip";
    public static final String CFI = "cfi";
    public static final String UPI = "upi";
    public static final String DTI = "dti";
    public static final String MATURITY = "maturity";
    public static final String EXPIRY = "expiry";
    /** A debt security's residual maturity bucket on the report date: 0_2Y, 2_5Y, 5_10Y or 10Y_PLUS. */
    public static final String MATURITY_BUCKET = "maturityBucket";
    public static final String STRIKE = "strike";
    public static final String PUT_CALL = "putCall";
    public static final String MULTIPLIER = "multiplier";
    public static final String UNDERLYING = "underlying";
    public static final String CURRENCY = "currency";
    /**
     * The reporting firm's code, for feeds that name the firm by a code and not an LEI (LTR80 columns 3-5): the
     * record then has no firm LEI and no segregation class, and the normalizer takes both from
     * {@code mappings/firms.yaml}.
     */
    public static final String FIRM_CODE = "firmCode";
    /**
     * Prefix of attributes the normalizer copies into {@code Product.terms} (without the prefix): instrument terms
     * with no field of their own, e.g. {@code term.side=YES}, {@code term.event=KXFEDDECISION-26DEC}.
     */
    public static final String TERM_PREFIX = "term.";

    /** Every attribute named above (not the {@link #TERM_PREFIX}ed terms, which feeds name themselves). */
    public static final java.util.Set<String> NAMED = java.util.Set.of(FEED, EXCHANGE, CONTRACT_CODE, SYMBOL,
            SECURITY_TYPE, ISIN, CUSIP, CFI, UPI, DTI, MATURITY, EXPIRY, MATURITY_BUCKET, STRIKE, PUT_CALL, MULTIPLIER,
            UNDERLYING, CURRENCY, FIRM_CODE);

    private Attr() {
    }
}
