package io.concord.mapping;

import io.concord.model.Agency;
import io.concord.model.Regime;

/**
 * One product type in the taxonomy.
 *
 * @param code         asset class / family / type, e.g. {@code EQUITY/INDEX_HIGH_CAP/FUTURE}
 * @param agency       which agency's rules govern it
 * @param regime       legal category
 * @param silo         margin silo that margins it today
 * @param description  one line on what it is
 */
public record TaxonomyNode(String code, Agency agency, Regime regime, String silo, String description) {
}
