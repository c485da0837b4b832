package io.concord.margin;

/**
 * A parameter value with where it came from: the file and key it was read from and the source its author cited
 * (rule, published example, calibration assumption). Immutable; its citation is built once.
 */
public final class Param {

    private final double value;
    private final String source;
    private final String where;
    /** {@link #cite()}, built once: explains cite a parameter once per position. */
    private final String cite;

    /**
     * @param value   the number
     * @param source  the cited source
     * @param where   {@code risk/<file>#<key>} it was read from (under the mappings folder), or {@code code}
     */
    public Param(double value, String source, String where) {
        this.value = value;
        this.source = source;
        this.where = where;
        this.cite = Positions.fmt(value) + " [" + source + "; " + where + "]";
    }

    /** A parameter built in code (tests, worked examples): {@code where} names the caller. */
    public static Param of(double value, String source) {
        return new Param(value, source, "code");
    }

    public double value() {
        return value;
    }

    public String source() {
        return source;
    }

    public String where() {
        return where;
    }

    /** {@code value (source)} for explain trees. */
    public String cite() {
        return cite;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param p && Double.compare(value, p.value) == 0 && source.equals(p.source)
                && where.equals(p.where);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(value, source, where);
    }

    @Override
    public String toString() {
        return "Param[value=" + value + ", source=" + source + ", where=" + where + "]";
    }
}
