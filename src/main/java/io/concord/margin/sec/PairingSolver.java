package io.concord.margin.sec;

import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.List;

/**
 * The cheapest pairing of an account's legs into strategies, as brokers' strategy optimizers find it: a linear
 * program over every candidate strategy. Each leg i has a quantity q_i and a stand-alone cost per unit c_i (what
 * it costs when left out of every strategy: an uncovered short option, stock margined alone, a long option that
 * is paid in full anyway at 0); each candidate j uses a_ij units of leg i per unit of the strategy at cost d_j. The
 * program minimises Σ d_j x_j + Σ c_i s_i subject to Σ_j a_ij x_j + s_i = q_i, x, s ≥ 0. Among pairings of the same
 * cost, a second program prefers the one that pairs the most (so a butterfly is named a butterfly, not two spreads
 * of the same total). Strategies are whole units: a fractional optimum is rounded down, the whole units are taken,
 * and the program is solved again on what is left until it is whole or nothing more pairs.
 */
final class PairingSolver {

    /** A candidate strategy: units of each leg per unit of strategy, and its cost per unit. */
    record Candidate(int[] legs, double[] perUnit, double cost) {
    }

    /** How many units of candidate {@code index} the pairing takes. */
    record Taken(int index, double units) {
    }

    private static final double WHOLE = 1e-6;

    private PairingSolver() {
    }

    /**
     * @param quantity      q_i, each leg's quantity (contracts or shares)
     * @param standalone    c_i, each leg's cost per unit when in no strategy
     * @param candidates    the candidate strategies
     * @return the units taken of each candidate (whole units), in the order found
     */
    static List<Taken> solve(double[] quantity, double[] standalone, List<Candidate> candidates) {
        double[] left = quantity.clone();
        List<Taken> taken = new ArrayList<>();
        for (int round = 0; round < 10_000; round++) {
            List<Integer> feasible = new ArrayList<>();
            for (int j = 0; j < candidates.size(); j++) {
                if (fits(candidates.get(j), left, 1)) {
                    feasible.add(j);
                }
            }
            if (feasible.isEmpty()) {
                break;
            }
            double[] x = optimum(left, standalone, candidates, feasible);
            boolean whole = true;
            boolean any = false;
            int largest = -1;
            for (int k = 0; k < feasible.size(); k++) {
                double v = x[k];
                double units = Math.floor(v + WHOLE);
                if (Math.abs(v - Math.rint(v)) > WHOLE) {
                    whole = false;
                }
                if (units >= 1 && fits(candidates.get(feasible.get(k)), left, units)) {
                    take(candidates.get(feasible.get(k)), left, units);
                    taken.add(new Taken(feasible.get(k), units));
                    any = true;
                } else if (v > WHOLE && (largest < 0 || v > x[largest])) {
                    largest = k;
                }
            }
            if (whole) {
                break;
            }
            if (!any) {
                if (largest < 0) {
                    break;
                }
                take(candidates.get(feasible.get(largest)), left, 1);
                taken.add(new Taken(feasible.get(largest), 1));
            }
        }
        return taken;
    }

    private static boolean fits(Candidate c, double[] left, double units) {
        for (int k = 0; k < c.legs().length; k++) {
            if (c.perUnit()[k] * units > left[c.legs()[k]] + 1e-9) {
                return false;
            }
        }
        return true;
    }

    private static void take(Candidate c, double[] left, double units) {
        for (int k = 0; k < c.legs().length; k++) {
            left[c.legs()[k]] = Math.max(0, left[c.legs()[k]] - c.perUnit()[k] * units);
        }
    }

    /** The LP optimum over the feasible candidates (then the most-paired among optima): units per candidate. */
    private static double[] optimum(double[] left, double[] standalone, List<Candidate> candidates,
                                    List<Integer> feasible) {
        int n = feasible.size();
        int legs = left.length;
        int vars = n + legs;
        double scale = 0;
        for (int i = 0; i < legs; i++) {
            scale = Math.max(scale, Math.abs(standalone[i]));
        }
        for (int j : feasible) {
            scale = Math.max(scale, Math.abs(candidates.get(j).cost()));
        }
        scale = scale == 0 ? 1 : scale;
        double[] cost = new double[vars];
        double[] paired = new double[vars];
        double[][] rows = new double[legs][vars];
        for (int k = 0; k < n; k++) {
            Candidate c = candidates.get(feasible.get(k));
            cost[k] = c.cost() / scale;
            for (int m = 0; m < c.legs().length; m++) {
                int i = c.legs()[m];
                double q = left[i] > 0 ? left[i] : 1;
                rows[i][k] += c.perUnit()[m] / q;
                paired[k] += c.perUnit()[m] / q;
            }
        }
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int i = 0; i < legs; i++) {
            double q = left[i] > 0 ? left[i] : 1;
            cost[n + i] = standalone[i] * q / scale;
            rows[i][n + i] = 1;
            constraints.add(new LinearConstraint(rows[i], Relationship.EQ, left[i] > 0 ? 1 : 0));
        }
        // s_i is in units of the leg's remaining quantity (so every row reads "shares of the leg = 1")
        SimplexSolver solver = new SimplexSolver(1e-9, 10, 1e-12);
        PointValuePair best = solver.optimize(new MaxIter(100_000), new LinearObjectiveFunction(cost, 0),
                new LinearConstraintSet(constraints), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        List<LinearConstraint> tie = new ArrayList<>(constraints);
        tie.add(new LinearConstraint(cost, Relationship.LEQ, best.getValue() + 1e-9 * Math.max(1, Math.abs(best.getValue()))));
        double[] x = best.getPoint();
        try {
            x = solver.optimize(new MaxIter(100_000), new LinearObjectiveFunction(paired, 0),
                    new LinearConstraintSet(tie), GoalType.MAXIMIZE, new NonNegativeConstraint(true)).getPoint();
        } catch (RuntimeException e) {
            // the first optimum stands: the tie-break only names strategies, it never changes the cost
        }
        double[] units = new double[n];
        for (int k = 0; k < n; k++) {
            units[k] = Math.max(0, x[k]);
        }
        return units;
    }
}
