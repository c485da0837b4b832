package io.concord.margin.sec;

import io.concord.margin.sec.PairingSolver.Candidate;
import io.concord.margin.sec.PairingSolver.Pairing;
import io.concord.margin.sec.PairingSolver.Taken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PairingSolver#solve} takes: above {@link PairingSolver#EXACT_UP_TO} linked candidates the greedy pass
 * takes them by saving per unit, largest first, candidates of equal saving in their order; the largest component's
 * size comes with the pairing (the tree says when the pairing was greedy).
 */
class PairingSolverTest {

    /** {@code n} two-leg candidates, each pairing leg 0 with a leg of its own, at {@code cost} each. */
    private static List<Candidate> star(int n, double cost) {
        List<Candidate> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(new Candidate(new int[]{0, j + 1}, new double[]{1, 1}, cost));
        }
        return out;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void greedyTakesEqualSavingsInCandidateOrder() {
        int n = PairingSolver.EXACT_UP_TO + 5;
        double[] quantity = filled(n + 1, 1);
        quantity[0] = 3;
        Pairing p = PairingSolver.solve(quantity, filled(n + 1, 10), star(n, 5));
        assertThat(p.largestComponent()).isEqualTo(n);
        assertThat(p.taken()).containsExactly(new Taken(0, 1), new Taken(1, 1), new Taken(2, 1));
    }

    @Test
    void greedyTakesTheLargestSavingFirst() {
        int n = PairingSolver.EXACT_UP_TO + 5;
        List<Candidate> candidates = star(n, 5);
        candidates.set(40, new Candidate(new int[]{0, 41}, new double[]{1, 1}, 1));
        candidates.set(50, new Candidate(new int[]{0, 51}, new double[]{1, 1}, 2));
        double[] quantity = filled(n + 1, 1);
        quantity[0] = 3;
        Pairing p = PairingSolver.solve(quantity, filled(n + 1, 10), candidates);
        assertThat(p.taken()).containsExactly(new Taken(40, 1), new Taken(50, 1), new Taken(0, 1));
    }

    @Test
    void smallComponentsAreSolvedExactlyAndCandidatesThatSaveNothingAreLeftOut() {
        // legs 0-1 and 2-3 are separate programs; candidate 2 costs as much as its legs alone
        List<Candidate> candidates = List.of(
                new Candidate(new int[]{0, 1}, new double[]{1, 1}, 4),
                new Candidate(new int[]{0, 1}, new double[]{1, 1}, 3),
                new Candidate(new int[]{2, 3}, new double[]{1, 1}, 20));
        Pairing p = PairingSolver.solve(new double[]{2, 2, 1, 1}, filled(4, 10), candidates);
        assertThat(p.largestComponent()).isEqualTo(2);
        assertThat(p.taken()).containsExactly(new Taken(1, 2));
    }

    @Test
    void nothingToPair() {
        Pairing p = PairingSolver.solve(new double[]{1, 1}, new double[]{0, 0}, star(1, 5));
        assertThat(p.taken()).isEmpty();
        assertThat(p.largestComponent()).isZero();
    }
}
