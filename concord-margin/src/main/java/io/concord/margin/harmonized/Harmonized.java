package io.concord.margin.harmonized;

import io.concord.margin.Explain;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.util.List;

/**
 * An account's harmonized margin in margin.json: what one portfolio-margin framework across the SEC and CFTC silos
 * would require, next to the siloed figure.
 *
 * @param eligible          whether the account may join a harmonized portfolio (its segregation class may be
 *                          cross-margined, by default only XM, or every class in a what-if run)
 * @param portfolio         the customer portfolio the account belongs to, and its figures (the account is one of
 *                          its members)
 * @param total             this account's share of the harmonized requirement (USD): its siloed total less its
 *                          share of the saving
 * @param saving            this account's share of the portfolio's saving, never negative
 * @param savingCapped      whether the portfolio's saving was cut to the cap
 * @param offsets           the offsets that produced the portfolio's saving before the cap, with amounts
 * @param protectionImpact  positions and collateral of the portfolio that would change customer-protection regime
 * @param stayedSiloed      this account's positions that stay in their silo, with the reason
 * @param explain           how the portfolio's harmonized figure was obtained
 */
public record Harmonized(boolean eligible, Portfolio portfolio, BigDecimal total, BigDecimal saving,
                         boolean savingCapped, List<Offset> offsets, List<ProtectionMove> protectionImpact,
                         List<Stayed> stayedSiloed, Explain explain) {

    public Harmonized {
        offsets = List.copyOf(offsets);
        protectionImpact = List.copyOf(protectionImpact);
        stayedSiloed = List.copyOf(stayedSiloed);
    }

    /**
     * A customer's harmonized portfolio.
     *
     * @param customer        customer id (customers.yaml, else the account id)
     * @param accounts        member accounts as {@code account (CLASS)}
     * @param siloed          sum of the members' siloed totals
     * @param total           harmonized requirement after the cap
     * @param saving          siloed − total, never negative
     * @param uncappedSaving  the saving before the cap (negative where harmonized would exceed siloed)
     * @param savingCap       the cap: rate × the silos' requirement for the joined positions
     * @param joinedSiloed    the silos' requirement for the positions that joined
     * @param share           this account's share of the saving (its siloed requirement for joined positions over
     *                        the portfolio's)
     */
    public record Portfolio(String customer, List<String> accounts, BigDecimal siloed, BigDecimal total,
                            BigDecimal saving, BigDecimal uncappedSaving, BigDecimal savingCap,
                            BigDecimal joinedSiloed, double share) {
        public Portfolio {
            accounts = List.copyOf(accounts);
        }
    }

    /**
     * What produced part of the saving before the cap.
     *
     * @param type         {@code CROSS_SILO} (gains and losses on one risk factor across silos offset in the joint
     *                     scan), {@code CROSS_FACTOR} (a configured credit between two factors), or
     *                     {@code ALIGNMENT} (the silos' own figures for the joined positions against their standalone
     *                     figures over the joint scan ranges: wider ranges make it negative)
     * @param riskFactors  the factor or factor pair
     * @param silos        the silos (silo:agency where a silo id serves both agencies) whose positions offset
     * @param amount       USD
     * @param basis        how it was obtained
     */
    public record Offset(String type, List<String> riskFactors, List<String> silos, BigDecimal amount,
                         String basis) {
        public Offset {
            riskFactors = List.copyOf(riskFactors);
            silos = List.copyOf(silos);
        }
    }

    /**
     * Positions and collateral of one account that would move to the portfolio's customer-protection regime.
     *
     * @param account             account id
     * @param from                current segregation class
     * @param fromRegime          its protection regime
     * @param to                  the portfolio's segregation class
     * @param toRegime            its protection regime
     * @param positions           joined positions that move
     * @param positionsValue      their gross market value (USD) where reported or computable
     * @param marginMoved         the silos' requirement for them (USD)
     * @param collateralMoved     collateral after haircuts that moves with them: the account's, up to the requirement
     *                            it secures (USD)
     */
    public record ProtectionMove(String account, SegregationClass from, String fromRegime, SegregationClass to,
                                 String toRegime, int positions, BigDecimal positionsValue, BigDecimal marginMoved,
                                 BigDecimal collateralMoved) {
    }

    /** A position that stays in its silo, and why. */
    public record Stayed(String position, String riskFactor, String reason) {
    }
}
