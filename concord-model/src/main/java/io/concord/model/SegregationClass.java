package io.concord.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Customer-protection bucket a position or collateral line sits in. Closed set: a feed value that names none
 * of these is rejected, never defaulted.
 */
public enum SegregationClass {
    /** Futures customer funds, CEA section 4d(a) / 17 CFR 1.20. */
    CFTC_4D_FUT(Agency.CFTC, "Futures customer account segregated under CEA 4d(a)"),
    /** Foreign futures secured amount, 17 CFR 30.7. */
    CFTC_30_7(Agency.CFTC, "Foreign futures and options secured amount, 17 CFR 30.7"),
    /** Cleared swaps customer collateral, legally segregated operationally commingled, CEA 4d(f) / Part 22. */
    CFTC_4D_F_LSOC(Agency.CFTC, "Cleared swaps customer account, CEA 4d(f) LSOC"),
    /** Proprietary / non-customer account at an FCM or DCO: not segregated. */
    CFTC_HOUSE(Agency.CFTC, "House or non-customer account, not customer-segregated"),
    /** Broker-dealer customer account under SEC Rule 15c3-3 reserve formula. */
    SEC_15C3_3_CUST(Agency.SEC, "Broker-dealer customer account, SEC Rule 15c3-3"),
    /** Proprietary accounts of broker-dealers (PAB) under 15c3-3. */
    SEC_15C3_3_PAB(Agency.SEC, "Proprietary account of a broker-dealer (PAB), SEC Rule 15c3-3"),
    /** Security-based swap customer account, SEC Rule 18a-4. */
    SEC_SBS_18A_4(Agency.SEC, "Security-based swap customer account, SEC Rule 18a-4"),
    /**
     * Assets of a registered investment company held by its custodian under Investment Company Act section 17(f)
     * and rules 17f-1 to 17f-7 (Form N-PORT funds): neither broker-dealer customer property nor futures
     * customer funds.
     */
    SEC_40_ACT_CUSTODY(Agency.SEC, "Registered investment company assets in custody, Investment Company Act 17(f)"),
    /** Cross-margin account approved for securities and futures in one portfolio. */
    XM(Agency.BOTH, "Cross-margining account (securities and futures in one portfolio)"),
    /** Initial margin for uncleared swaps held at a third-party custodian. */
    UNCLEARED_IM_SEG(Agency.BOTH, "Uncleared initial margin at a third-party custodian");

    private final Agency agency;
    private final String description;

    SegregationClass(Agency agency, String description) {
        this.agency = agency;
        this.description = description;
    }

    public Agency agency() {
        return agency;
    }

    public String description() {
        return description;
    }

    /** Exact enum name, case-insensitive; anything else is empty (the caller rejects the record). */
    public static Optional<SegregationClass> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
