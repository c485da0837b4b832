package io.concord.margin.collateral;

import java.math.BigDecimal;

/**
 * One collateral line as margin.json shows it: what it is, its market value in USD, the haircut applied and the
 * value after haircut and caps, or why it counts zero.
 *
 * @param assetClass   collateral taxonomy code
 * @param asset        ISIN, CUSIP, DTI or currency of the asset
 * @param direction    POSTED or RECEIVED
 * @param purpose      IM, VM or EXCESS
 * @param currency     currency of the line
 * @param marketValue  USD
 * @param haircutPct   percent applied (null when the line is not counted)
 * @param postHaircut  USD counted toward the requirement after haircut and caps
 * @param counted      whether the line counts
 * @param basis        regime, haircut sources, add-ons and caps, or why it counts zero
 * @param file         source file of the line
 * @param location     location in that file
 */
public record CollateralValuation(String assetClass, String asset, String direction, String purpose, String currency,
                                  BigDecimal marketValue, BigDecimal haircutPct, BigDecimal postHaircut,
                                  boolean counted, String basis, String file, String location) {
}
