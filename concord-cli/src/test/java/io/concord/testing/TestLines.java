package io.concord.testing;

import io.concord.model.CollateralLine;
import io.concord.model.Lineage;

import java.math.BigDecimal;

/** Collateral lines made from real ones for state-rule tests. */
public final class TestLines {

    private TestLines() {
    }

    /**
     * {@code line} as another submission (or another record of the same one) reports it: same key
     * ({@link CollateralLine#stateKey()}), another market value, the given submission id and record number.
     */
    public static CollateralLine restated(CollateralLine line, String submissionId, long record, BigDecimal value) {
        Lineage o = line.lineage();
        return new CollateralLine(line.asOf(), line.source(), line.ownerLei(), line.account(),
                line.segregationClass(), line.location(), line.assetIds(), line.assetClass(), line.tokenized(),
                line.chain(), line.contractAddress(), line.custodyModel(), line.quantity(), line.price(), value,
                line.currency(), line.haircutPct(), line.haircutSource(), line.postHaircutValue(), line.purpose(),
                line.direction(), line.collateralisation(), new Lineage(o.feed(), o.file(), record, o.location(),
                        submissionId, o.mappingId(), o.mappingVersion(), o.mappingSet()));
    }
}
