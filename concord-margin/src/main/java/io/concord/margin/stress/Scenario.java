package io.concord.margin.stress;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One stress scenario of the library ({@code mappings/stress/<id>.yaml}): moves of risk factors, each citing where
 * it is published.
 *
 * @param id              unique id, the file's base name
 * @param name            display name
 * @param kind            HISTORICAL (published moves between two closes) or HYPOTHETICAL (a user's what-if)
 * @param from            HISTORICAL: the close the moves start from; null for HYPOTHETICAL
 * @param to              HISTORICAL: the close the moves end at; null for HYPOTHETICAL
 * @param horizonDays     trading days the moves span
 * @param description     what the scenario moves and what it leaves alone
 * @param sources         where its figures are published (or who set a hypothetical)
 * @param eventContracts  how event contracts resolve under it
 * @param shocks          the moves
 * @param file            the file it was read from
 */
public record Scenario(String id, String name, Kind kind, LocalDate from, LocalDate to, int horizonDays,
                       String description, List<String> sources, EventContracts eventContracts, List<Shock> shocks,
                       String file) {

    public Scenario {
        sources = List.copyOf(sources);
        shocks = List.copyOf(shocks);
    }

    public enum Kind { HISTORICAL, HYPOTHETICAL }

    /** WORST_OUTCOME: each event contract resolves at the outcome that costs its holder most; UNCHANGED: no move. */
    public enum EventContracts { WORST_OUTCOME, UNCHANGED }

    /**
     * What a move is measured in: RELATIVE a fraction of the price; BP basis points of yield or credit spread; VOL
     * an absolute change of implied volatility (0.10 = ten points).
     */
    public enum Unit { RELATIVE, BP, VOL }

    /**
     * One move.
     *
     * @param factor  a risk factor ({@code EQ:SPX}) or a prefix ending in {@code *} ({@code EQ:*}, or {@code *})
     * @param unit    what {@code move} is measured in
     * @param move    the move
     * @param source  where the figure is published and how the move was derived (a proxy says so)
     * @param line    line of the shock in its file
     */
    public record Shock(String factor, Unit unit, double move, String source, int line) {

        /** Whether this shock applies to {@code riskFactor}: the same factor, or a prefix pattern it starts with. */
        public boolean matches(String riskFactor) {
            return factor.endsWith("*") ? riskFactor.startsWith(factor.substring(0, factor.length() - 1))
                    : factor.equals(riskFactor);
        }

        /** How specific the match is: an exact factor beats any pattern, a longer prefix a shorter one. */
        int specificity() {
            return factor.endsWith("*") ? factor.length() - 1 : Integer.MAX_VALUE;
        }
    }

    /**
     * The move of {@code riskFactor} in {@code unit}: the shock naming it, else the longest pattern that covers it;
     * empty when the scenario does not move it (the factor is then left unshocked, and reported as such).
     */
    public Optional<Shock> shock(String riskFactor, Unit unit) {
        Shock best = null;
        for (Shock s : shocks) {
            if (s.unit() == unit && riskFactor != null && s.matches(riskFactor)
                    && (best == null || s.specificity() > best.specificity())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }
}
