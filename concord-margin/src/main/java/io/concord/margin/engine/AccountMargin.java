package io.concord.margin.engine;

import io.concord.margin.Explain;
import io.concord.margin.Unmargined;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.margin.harmonized.Harmonized;
import io.concord.model.SegregationClass;

import java.math.BigDecimal;
import java.util.List;

/**
 * One account's siloed margin in margin.json.
 *
 * @param firm              firm LEI
 * @param account           account id
 * @param segregationClass  segregation class
 * @param silos             each silo's requirement and explain tree
 * @param siloedTotal       sum of the silos' requirements (USD)
 * @param collateral        collateral market value and value after haircuts, line by line
 * @param excessDeficit     collateral after haircuts − siloed total: positive is excess, negative a deficit
 * @param unmargined        positions no silo could margin, with the reason (left out of the total)
 * @param harmonized        what one harmonized portfolio-margin framework would require (see {@link Harmonized})
 */
public record AccountMargin(String firm, String account, SegregationClass segregationClass, List<SiloMargin> silos,
                            BigDecimal siloedTotal, CollateralSummary collateral, BigDecimal excessDeficit,
                            List<Unmargined> unmargined, Harmonized harmonized) {

    /** One silo's line in margin.json. */
    public record SiloMargin(String silo, BigDecimal requirement, Explain explain) {
    }

    /** The same account with its harmonized margin. */
    public AccountMargin withHarmonized(Harmonized h) {
        return new AccountMargin(firm, account, segregationClass, silos, siloedTotal, collateral, excessDeficit,
                unmargined, h);
    }

    public AccountMargin {
        silos = List.copyOf(silos);
        unmargined = List.copyOf(unmargined);
    }
}
