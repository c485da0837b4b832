package io.concord.margin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * One node of the drill-down behind a margin number: what it is, its amount in USD, how it was obtained (the
 * formula, scenario or rule and the parameter sources), and the nodes it was built from.
 *
 * @param label     what this number is, e.g. {@code class group EQ:AAPL} or {@code scenario 14: price down 3/3}
 * @param amount    USD, rounded to cents; null for a node that only carries information
 * @param basis     how the amount was obtained: formula, rule and parameter sources
 * @param children  the numbers it was built from
 */
public record Explain(String label, BigDecimal amount, String basis, List<Explain> children) {

    public Explain {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public static Explain of(String label, double amount, String basis, List<Explain> children) {
        return new Explain(label, usd(amount), basis, children);
    }

    public static Explain leaf(String label, double amount, String basis) {
        return new Explain(label, usd(amount), basis, List.of());
    }

    public static Explain note(String label, String basis) {
        return new Explain(label, null, basis, List.of());
    }

    /**
     * {@code value} with {@code decimals} decimals, rounded half-up, as {@code String.format("%.Nf")} writes it in
     * the root locale ({@code -0.00} for a negative value that rounds to zero), without a formatter per call: explain
     * texts format millions of numbers.
     */
    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP);
        String text = d.toPlainString();
        return d.signum() == 0 && (value < 0 || 1 / value < 0) ? "-" + text : text;
    }

    /** USD amount rounded half-up to cents; {@code -0.00} becomes {@code 0.00}. */
    public static BigDecimal usd(double amount) {
        if (!Double.isFinite(amount)) {
            throw new ArithmeticException("margin amount is not finite: " + amount);
        }
        BigDecimal v = BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
        return v.signum() == 0 ? BigDecimal.ZERO.setScale(2) : v;
    }
}
