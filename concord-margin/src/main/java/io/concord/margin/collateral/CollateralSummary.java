package io.concord.margin.collateral;

import java.math.BigDecimal;
import java.util.List;

/**
 * An account's collateral: total market value and value after haircuts (USD), line by line.
 *
 * @param marketValue  USD, every line
 * @param postHaircut  USD, counted lines after haircuts and caps
 * @param lines        each line's valuation
 */
public record CollateralSummary(BigDecimal marketValue, BigDecimal postHaircut, List<CollateralValuation> lines) {

    public CollateralSummary {
        lines = List.copyOf(lines);
    }
}
