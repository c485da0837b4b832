package io.concord.margin;

/**
 * A parameter value with where it came from: the file and key it was read from and the source its author cited
 * (rule, published example, calibration assumption).
 *
 * @param value   the number
 * @param source  the cited source
 * @param where   {@code risk/<file>#<key>} it was read from (under the mappings folder)
 */
public record Param(double value, String source, String where) {

    /** A parameter built in code (tests, worked examples): {@code where} names the caller. */
    public static Param of(double value, String source) {
        return new Param(value, source, "code");
    }

    /** {@code value (source)} for explain trees. */
    public String cite() {
        return Positions.fmt(value) + " [" + source + "; " + where + "]";
    }
}
