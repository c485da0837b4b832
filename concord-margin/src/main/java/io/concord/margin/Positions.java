package io.concord.margin;

import io.concord.model.Position;
import io.concord.model.Product;

/** Small helpers the silos share to name positions in explain trees. */
public final class Positions {

    private Positions() {
    }

    /** {@code ASSET_CLASS/FAMILY} of a taxonomy code. */
    public static String family(String taxonomy) {
        int second = taxonomy.indexOf('/', taxonomy.indexOf('/') + 1);
        return second < 0 ? taxonomy : taxonomy.substring(0, second);
    }

    /** e.g. {@code long 125 ES 202612 (posrpt-hudson-2026-11-20.xml /FIXML/Batch/PosRpt[1] (line 5))}. */
    public static String describe(Position p) {
        Product pr = p.product();
        String side = p.netQty().signum() >= 0 ? "long " : "short ";
        String what = pr.ids().contractCode() == null ? pr.taxonomy() : pr.ids().contractCode();
        if (pr.ids().maturity() != null) {
            what += " " + pr.ids().maturity();
        }
        if (pr.putCall() != null) {
            what += " " + (pr.ids().maturity() == null ? pr.expiry() + " " : "")
                    + pr.strike().stripTrailingZeros().toPlainString() + " " + pr.putCall();
        }
        return side + p.netQty().abs().stripTrailingZeros().toPlainString() + " " + what + " (" + p.lineage().file()
                + " " + p.lineage().location() + ")";
    }

    /** A number without a trailing {@code .0}. */
    public static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * A position's market value in its currency: as reported, else net quantity × multiplier × price (a Treasury's
     * multiplier is 0.01 when its price is quoted in percent of face); {@link MarketContext.Missing} without either.
     */
    public static double marketValue(Position p) {
        if (p.marketValue() != null) {
            return p.marketValue().doubleValue();
        }
        if (p.price() == null) {
            throw new MarketContext.Missing("the report carries neither a market value nor a price");
        }
        return p.netQty().doubleValue() * p.product().multiplier().doubleValue() * p.price().doubleValue();
    }
}
