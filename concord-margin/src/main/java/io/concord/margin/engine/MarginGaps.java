package io.concord.margin.engine;

import io.concord.mapping.Taxonomy;
import io.concord.mapping.TaxonomyNode;
import io.concord.model.Position;
import io.concord.model.Product;
import io.concord.model.Regime;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Mapped products no silo can margin with the shipped parameters, which are therefore absent from every margin
 * figure: a future or option on future whose margin key has no combined commodity in span.yaml, an option with
 * no strike or put/call, an uncleared swap without the notional the schedule weighs, a cleared swap (its
 * clearing house margins it). A registered fund's securities are assets, not positions to margin, and are not
 * listed. Checked from the product alone: market data of the day (prices, FX rates) is not. {@code mappings
 * coverage} counts the positions of feed files it finds so ({@link #accept}); {@code mappings lint} checks the
 * product of each definition's examples ({@link #why}).
 */
public final class MarginGaps implements Consumer<Position> {

    /** What every gap's description starts with. */
    public static final String MAPPED_NOT_MARGINED = "MAPPED, NOT MARGINED";

    private final Taxonomy taxonomy;
    private final RiskParameters params;
    private final Map<String, Long> gaps = new TreeMap<>();

    public MarginGaps(Taxonomy taxonomy, RiskParameters params) {
        this.taxonomy = taxonomy;
        this.params = params;
    }

    /** The gaps of the positions given so far: description → positions, in description order. */
    public Map<String, Long> gaps() {
        return Collections.unmodifiableMap(gaps);
    }

    @Override
    public void accept(Position p) {
        why(p.product()).ifPresent(why -> gaps.merge(p.lineage().feed() + ": " + describe(p.lineage().mappingId(),
                p.product(), why), 1L, Long::sum));
    }

    /** {@code MAPPED, NOT MARGINED <definition> (<taxonomy>, margin key <key>): <why>}. */
    public static String describe(String definition, Product product, String why) {
        return MAPPED_NOT_MARGINED + " " + definition + " (" + product.taxonomy() + ", margin key "
                + product.marginKey() + "): " + why;
    }

    /** Why no silo can margin {@code pr}, or empty when one can (or it is not a position to margin). */
    public Optional<String> why(Product pr) {
        return unmarginable(pr).or(() -> {
            TaxonomyNode node = taxonomy.node(pr.taxonomy()).orElseThrow();
            return Optional.ofNullable(switch (node.silo()) {
                case "CFTC_SPAN" -> node.regime() == Regime.OPTION_ON_FUTURE
                        && (pr.strike() == null || pr.putCall() == null) ? "an option with no strike or put/call" : null;
                case "SIMM" -> "true".equalsIgnoreCase(pr.terms().get("cleared"))
                        ? "a cleared swap: margined by its clearing house, which Concord does not compute"
                        : pr.terms().get("notional") == null || pr.terms().get("notionalCurrency") == null
                        ? "no notional for the schedule (and no CRIF sensitivities unless the account has them)"
                        : null;
                default -> null;
            });
        });
    }

    /**
     * Why no silo can margin any position of {@code pr}'s kind, whatever the record's terms: its taxonomy code is
     * unknown, or its silo has no parameters for its margin key. What {@code mappings lint} checks of a
     * definition; {@link #why} adds what depends on the record (strike, notional, cleared).
     */
    public Optional<String> unmarginable(Product pr) {
        TaxonomyNode node = taxonomy.node(pr.taxonomy()).orElse(null);
        if (node == null) {
            return Optional.of("taxonomy code " + pr.taxonomy() + " is not in taxonomy.yaml");
        }
        return "CFTC_SPAN".equals(node.silo()) && !params.span().commodities().containsKey(pr.marginKey())
                ? Optional.of("span.yaml has no combined commodity " + pr.marginKey()) : Optional.empty();
    }
}
