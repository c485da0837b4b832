package io.concord.mapping;

import io.concord.mapping.ProductDefinition.Example;
import io.concord.model.Product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every definition's examples through the normalizer's own matching and product-building path: an example
 * passes when its attributes match its definition and no other of its kind (position or collateral), the product
 * can be built, and every expected field equals the product's.
 */
public final class ExampleRunner {

    /** One example's result; {@code failures} is empty when it passed. */
    public record Outcome(ProductDefinition definition, Example example, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }

        @Override
        public String toString() {
            return definition.file() + ":" + example.line() + ": example of '" + definition.id() + "' "
                    + (passed() ? "passes" : "fails: " + String.join("; ", failures));
        }
    }

    private ExampleRunner() {
    }

    public static List<Outcome> run(MappingSet set) {
        Normalizer normalizer = new Normalizer(set);
        List<Outcome> out = new ArrayList<>();
        for (ProductDefinition d : set.definitions()) {
            for (Example e : d.examples()) {
                out.add(new Outcome(d, e, failures(normalizer, d, e)));
            }
        }
        return out;
    }

    private static List<String> failures(Normalizer normalizer, ProductDefinition d, Example e) {
        List<String> failures = new ArrayList<>();
        List<ProductDefinition> found = normalizer.candidates(e.given(), normalizer.mappings().mapsCollateral(d));
        if (!found.contains(d)) {
            d.check(e.given()).stream().filter(c -> !c.holds()).forEach(c -> failures.add("does not match its "
                    + "definition: " + c));
        }
        List<String> others = found.stream().filter(o -> o != d).map(ProductDefinition::id).toList();
        if (!others.isEmpty()) {
            failures.add("also matches " + others + " (AMBIGUOUS_PRODUCT at run time)");
        }
        if (!failures.isEmpty()) {
            return failures;
        }
        Normalizer.ProductOrFailure built = normalizer.product(d, e.given());
        if (built.code() != null) {
            return List.of(built.code() + ": " + built.message());
        }
        Map<String, String> actual = fields(built.product());
        e.expect().forEach((field, expected) -> {
            String got = actual.get(field);
            if (!same(expected, got)) {
                failures.add("expected " + field + " " + expected + ", got " + (got == null ? "nothing" : got));
            }
        });
        return failures;
    }

    /** The product's fields by the names examples use in {@code expect}. */
    static Map<String, String> fields(Product p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("taxonomy", p.taxonomy());
        m.put("agency", p.agency().name());
        m.put("regime", p.regime().name());
        m.put("riskFactor", p.riskFactor());
        m.put("multiplier", p.multiplier().toPlainString());
        m.put("currency", p.currency());
        m.put("marginKey", p.marginKey());
        if (p.expiry() != null) {
            m.put("expiry", p.expiry().toString());
        }
        if (p.strike() != null) {
            m.put("strike", p.strike().toPlainString());
        }
        if (p.putCall() != null) {
            m.put("putCall", p.putCall().name());
        }
        p.terms().forEach((k, v) -> m.put("term." + k, v));
        return m;
    }

    /** Equal as text, or as numbers when both are numbers ("100" and "100.0"). */
    private static boolean same(String expected, String got) {
        if (got == null) {
            return false;
        }
        if (expected.equals(got)) {
            return true;
        }
        try {
            return new BigDecimal(expected).compareTo(new BigDecimal(got)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
