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
        java.math.BigDecimal net = p.netQty();
        String maturity = pr.ids().maturity();
        StringBuilder b = new StringBuilder(96).append(net.signum() >= 0 ? "long " : "short ")
                .append(net.abs().stripTrailingZeros().toPlainString()).append(' ')
                .append(pr.ids().contractCode() == null ? pr.taxonomy() : pr.ids().contractCode());
        if (maturity != null) {
            b.append(' ').append(maturity);
        }
        if (pr.putCall() != null) {
            b.append(' ');
            if (maturity == null) {
                b.append(pr.expiry()).append(' ');
            }
            b.append(pr.strike().stripTrailingZeros().toPlainString()).append(' ').append(pr.putCall());
        }
        return b.append(" (").append(p.lineage().file()).append(' ').append(p.lineage().location()).append(')')
                .toString();
    }

    /** A number without a trailing {@code .0}. */
    public static String fmt(double v) {
        // whole when the cast loses nothing (below 1e15 that is v == Math.rint(v), without rint's call outside C2)
        return Math.abs(v) < 1e15 && v == (double) (long) v ? String.valueOf((long) v) : String.valueOf(v);
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
