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
        boolean negative = value < 0 || 1 / value < 0;
        long units = roundedUnits(value, decimals);
        if (units != Long.MIN_VALUE) {
            // the common case: no decimal expansion needed
            String digits = Long.toString(Math.abs(units));
            if (decimals > 0) {
                digits = "0".repeat(Math.max(0, decimals + 1 - digits.length())) + digits;
                digits = digits.substring(0, digits.length() - decimals) + "." + digits.substring(digits.length()
                        - decimals);
            }
            return negative ? "-" + digits : digits;
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP);
        String text = d.toPlainString();
        return d.signum() == 0 && negative ? "-" + text : text;
    }

    private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /**
     * {@code value} in units of {@code 10^-decimals}, rounded half-up (away from zero) as
     * {@code BigDecimal.valueOf(value).setScale(decimals, HALF_UP)} rounds it, computed in doubles; or
     * {@link Long#MIN_VALUE} when that cannot be told without the decimal expansion (far outside a long's range, or
     * too near a half unit).
     *
     * <p>{@code BigDecimal.valueOf} rounds the decimal text {@link Double#toString} gives, which reads back as
     * {@code value}, so it lies within half an ulp of {@code value}; the product {@code value × 10^decimals} is
     * within half an ulp of its exact value. Unless the product's fraction is within the sum of the two (scaled) of
     * one half, the text and the exact value round to the same whole number of units, the one computed here. Near a
     * half unit (a few values in a billion, and every exact half such as 0.125 to two decimals) the caller takes the
     * decimal expansion.
     */
    private static long roundedUnits(double value, int decimals) {
        if (decimals < 0 || decimals >= POWERS.length) {
            return Long.MIN_VALUE;
        }
        double abs = Math.abs(value * POWERS[decimals]);
        if (!(abs < 1e15)) {
            return Long.MIN_VALUE;
        }
        double whole = Math.floor(abs);
        double fraction = abs - whole; // exact: abs is below 2^52
        double doubt = Math.ulp(value) * POWERS[decimals] + Math.ulp(abs);
        if (Math.abs(fraction - 0.5) <= doubt) {
            return Long.MIN_VALUE;
        }
        long units = (long) whole + (fraction > 0.5 ? 1 : 0);
        return value < 0 ? -units : units;
    }

    /** USD amount rounded half-up to cents; {@code -0.00} becomes {@code 0.00}. */
    public static BigDecimal usd(double amount) {
        if (!Double.isFinite(amount)) {
            throw new ArithmeticException("margin amount is not finite: " + amount);
        }
        long cents = roundedUnits(amount, 2);
        if (cents != Long.MIN_VALUE) {
            return BigDecimal.valueOf(cents, 2);
        }
        BigDecimal v = BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
        return v.signum() == 0 ? BigDecimal.ZERO.setScale(2) : v;
    }
}
