package io.concord.margin;

/**
 * A silo's id, as {@link MarginSilo#id()} gives it and margin.json writes it (e.g. {@code SEC_PM}, {@code SIMM}).
 *
 * @param value the id
 */
public record SiloId(String value) {

    public SiloId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a silo id is a non-blank name");
        }
    }

    public static SiloId of(String value) {
        return new SiloId(value);
    }

    /** The silo's id. */
    public static SiloId of(MarginSilo silo) {
        return new SiloId(silo.id());
    }

    @Override
    public String toString() {
        return value;
    }
}
