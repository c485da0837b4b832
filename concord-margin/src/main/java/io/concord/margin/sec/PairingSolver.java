package io.concord.margin.sec;


import java.util.ArrayList;
import java.util.List;

/**
 * The cheapest pairing of an account's legs into strategies, as brokers' strategy optimizers find it: a linear
 * program over every candidate strategy. Each leg i has a quantity q_i and a stand-alone cost per unit c_i (what
 * it costs when left out of every strategy: an uncovered short option, stock margined alone, a long option that
 * is paid in full anyway at 0); each candidate j uses a_ij units of leg i per unit of the strategy at cost d_j. The
 * program (a dense simplex; the "left alone" columns are a feasible first basis) minimises Σ d_j x_j + Σ c_i s_i subject to Σ_j a_ij x_j + s_i = q_i, x, s ≥ 0. Among pairings of the same
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

    /**
     * What {@link #solve} found: the units taken, and the size of the largest component of useful candidates (above
     * {@link #EXACT_UP_TO} that component was paired greedily).
     */
    record Pairing(List<Taken> taken, int largestComponent) {
        /** No candidates: nothing taken. */
        static final Pairing NONE = new Pairing(List.of(), 0);
    }

    private static final double WHOLE = 1e-6;
    /** Components with at most this many useful candidates are solved exactly; larger ones greedily. */
    static final int EXACT_UP_TO = 60;

    private PairingSolver() {
    }

    /**
     * @param quantity      q_i, each leg's quantity (contracts or shares)
     * @param standalone    c_i, each leg's cost per unit when in no strategy
     * @param candidates    the candidate strategies
     * @return the units taken of each candidate (whole units), in the order found, and the largest component's size
     */
    static Pairing solve(double[] quantity, double[] standalone, List<Candidate> candidates) {
        double[] saving = new double[candidates.size()];
        List<int[]> components = components(quantity, standalone, candidates, saving);
        double[] left = quantity.clone();
        List<Taken> taken = new ArrayList<>();
        int largest = 0;
        for (int[] component : components) {
            largest = Math.max(largest, component.length);
            if (component.length == 1) {
                takeWhole(candidates, component[0], left, taken);
            } else if (component.length <= EXACT_UP_TO) {
                solveComponent(left, standalone, candidates, component, taken);
            } else {
                greedy(left, candidates, component, saving, taken);
            }
        }
        return new Pairing(taken, largest);
    }

    /**
     * Candidates that save something against their legs' stand-alone costs (the others never lower the total),
     * grouped by the legs they link: each group is its own program. The components in the order of their first
     * candidate, each its candidates' indices in order; {@code saving} gets each useful candidate's saving per unit.
     */
    private static List<int[]> components(double[] quantity, double[] standalone, List<Candidate> candidates,
                                          double[] saving) {
        int[] useful = new int[candidates.size()];
        int n = 0;
        for (int j = 0; j < candidates.size(); j++) {
            Candidate c = candidates.get(j);
            int[] legs = c.legs();
            double[] perUnit = c.perUnit();
            double alone = 0;
            for (int k = 0; k < legs.length; k++) {
                alone += standalone[legs[k]] * perUnit[k];
            }
            if (alone - c.cost() > 1e-9 * Math.max(1, alone) && fits(c, quantity, 1)) {
                saving[j] = alone - c.cost();
                useful[n++] = j;
            }
        }
        int[] parent = new int[quantity.length];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int u = 0; u < n; u++) {
            int[] legs = candidates.get(useful[u]).legs();
            for (int k = 1; k < legs.length; k++) {
                parent[root(parent, legs[k])] = root(parent, legs[0]);
            }
        }
        // each useful candidate's component, numbered in the order the components first appear
        int[] numberOfRoot = new int[quantity.length];
        java.util.Arrays.fill(numberOfRoot, -1);
        int[] componentOf = new int[n];
        int[] sizes = new int[n];
        int count = 0;
        for (int u = 0; u < n; u++) {
            int r = root(parent, candidates.get(useful[u]).legs()[0]);
            if (numberOfRoot[r] < 0) {
                numberOfRoot[r] = count++;
            }
            componentOf[u] = numberOfRoot[r];
            sizes[componentOf[u]]++;
        }
        List<int[]> components = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            components.add(new int[sizes[c]]);
        }
        int[] filled = new int[count];
        for (int u = 0; u < n; u++) {
            components.get(componentOf[u])[filled[componentOf[u]]++] = useful[u];
        }
        return components;
    }

    /**
     * A component too large for the program at the speed a million-position run needs: strategies by saving per
     * unit, largest first (candidates of equal saving in their order), each taken as far as its legs allow. Not
     * guaranteed minimal; the tree says so.
     */
    private static void greedy(double[] left, List<Candidate> candidates, int[] component, double[] saving,
                               List<Taken> taken) {
        int[] order = component.clone();
        sortBySavingDescending(order, saving, new int[order.length], 0, order.length);
        for (int j : order) {
            takeWhole(candidates, j, left, taken);
        }
    }

    /** Stable merge sort of {@code a[from, to)} by {@code saving}, largest first ({@code work} as long as a). */
    private static void sortBySavingDescending(int[] a, double[] saving, int[] work, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        sortBySavingDescending(a, saving, work, from, mid);
        sortBySavingDescending(a, saving, work, mid, to);
        if (Double.compare(saving[a[mid - 1]], saving[a[mid]]) >= 0) {
            return; // already in order
        }
        System.arraycopy(a, from, work, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            // the left one first unless the right one saves strictly more: equal savings keep their order
            if (j >= to || (i < mid && Double.compare(saving[work[i]], saving[work[j]]) >= 0)) {
                a[k] = work[i++];
            } else {
                a[k] = work[j++];
            }
        }
    }

    /** Takes as many whole units of candidate {@code j} as the quantities {@code left} allow, if any. */
    private static void takeWhole(List<Candidate> candidates, int j, double[] left, List<Taken> taken) {
        Candidate c = candidates.get(j);
        double units = Double.MAX_VALUE;
        for (int k = 0; k < c.legs().length; k++) {
            units = Math.min(units, Math.floor(left[c.legs()[k]] / c.perUnit()[k] + WHOLE));
        }
        if (units >= 1) {
            take(c, left, units);
            taken.add(new Taken(j, units));
        }
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void solveComponent(double[] left, double[] standalone, List<Candidate> candidates,
                                       int[] component, List<Taken> taken) {
        for (int round = 0; round < 10_000; round++) {
            List<Integer> feasible = new ArrayList<>();
            for (int j : component) {
                if (fits(candidates.get(j), left, 1)) {
                    feasible.add(j);
                }
            }
            if (feasible.isEmpty()) {
                return;
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
                return;
            }
            if (!any) {
                if (largest < 0) {
                    return;
                }
                take(candidates.get(feasible.get(largest)), left, 1);
                taken.add(new Taken(feasible.get(largest), 1));
            }
        }
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
        // rows: only the legs the feasible candidates use
        int[] row = new int[left.length];
        java.util.Arrays.fill(row, -1);
        List<Integer> legsUsed = new ArrayList<>();
        for (int j : feasible) {
            for (int i : candidates.get(j).legs()) {
                if (row[i] < 0) {
                    row[i] = legsUsed.size();
                    legsUsed.add(i);
                }
            }
        }
        int n = feasible.size();
        int m = legsUsed.size();
        double scale = 0;
        for (int i : legsUsed) {
            scale = Math.max(scale, Math.abs(standalone[i] * left[i]));
        }
        for (int j : feasible) {
            scale = Math.max(scale, Math.abs(candidates.get(j).cost()));
        }
        scale = scale == 0 ? 1 : scale;
        // columns 0..n-1 the candidates, n..n+m-1 the fraction of each leg left alone; every row reads
        // "fraction paired + fraction alone = 1", so the alone columns are a feasible starting basis
        double[][] t = new double[m][n + m + 1];
        double[] cost = new double[n + m];
        double[] paired = new double[n + m];
        for (int k = 0; k < n; k++) {
            Candidate c = candidates.get(feasible.get(k));
            cost[k] = c.cost() / scale;
            for (int q = 0; q < c.legs().length; q++) {
                int i = c.legs()[q];
                t[row[i]][k] += c.perUnit()[q] / left[i];
                paired[k] -= c.perUnit()[q] / left[i];
            }
        }
        int[] basis = new int[m];
        for (int r = 0; r < m; r++) {
            int i = legsUsed.get(r);
            cost[n + r] = standalone[i] * left[i] / scale;
            t[r][n + r] = 1;
            t[r][n + m] = 1;
            basis[r] = n + r;
        }
        Simplex.minimise(t, basis, cost, null);
        // among the optima, the one that pairs most (names a butterfly a butterfly): a second objective over the
        // columns whose reduced cost is zero, which leaves the first objective where it is
        Simplex.minimise(t, basis, paired, cost);
        double[] units = new double[n];
        for (int r = 0; r < m; r++) {
            if (basis[r] < n) {
                units[basis[r]] = Math.max(0, t[r][n + m]);
            }
        }
        return units;
    }

    /** A dense tableau simplex for the small programs above: minimise over a feasible starting basis. */
    static final class Simplex {

        private static final double EPS = 1e-10;

        private Simplex() {
        }

        /**
         * Minimises {@code objective} from the basis given (tableau rows {@code t}, right-hand side in the last
         * column). With {@code keep}, only columns whose reduced cost under {@code keep} is zero may enter, so
         * {@code keep}'s value does not change (a lexicographic second objective). Dantzig's rule, then Bland's
         * after many pivots so degenerate pivots cannot cycle.
         */
        static void minimise(double[][] t, int[] basis, double[] objective, double[] keep) {
            int m = t.length;
            if (m == 0) {
                return;
            }
            int cols = t[0].length - 1;
            for (int iteration = 0; iteration < 50_000; iteration++) {
                boolean bland = iteration > 500;
                int enter = -1;
                double best = -EPS;
                for (int j = 0; j < cols; j++) {
                    if (keep != null && Math.abs(reduced(t, basis, keep, j)) > 1e-9) {
                        continue;
                    }
                    double d = reduced(t, basis, objective, j);
                    if (d < best) {
                        enter = j;
                        best = d;
                        if (bland) {
                            break;
                        }
                    }
                }
                if (enter < 0) {
                    return;
                }
                int leave = -1;
                double ratio = Double.MAX_VALUE;
                for (int r = 0; r < m; r++) {
                    double a = t[r][enter];
                    if (a > EPS) {
                        double v = t[r][cols] / a;
                        if (v < ratio - EPS || (Math.abs(v - ratio) <= EPS && basis[r] < basis[leave])) {
                            ratio = v;
                            leave = r;
                        }
                    }
                }
                if (leave < 0) {
                    return; // unbounded: cannot happen, every column uses some leg's quantity
                }
                pivot(t, leave, enter);
                basis[leave] = enter;
            }
        }

        private static double reduced(double[][] t, int[] basis, double[] c, int j) {
            double d = c[j];
            for (int r = 0; r < t.length; r++) {
                double a = t[r][j];
                if (a != 0) {
                    d -= c[basis[r]] * a;
                }
            }
            return d;
        }

        private static void pivot(double[][] t, int pr, int pc) {
            double[] p = t[pr];
            double inv = 1 / p[pc];
            for (int j = 0; j < p.length; j++) {
                p[j] *= inv;
            }
            p[pc] = 1;
            for (int r = 0; r < t.length; r++) {
                if (r == pr) {
                    continue;
                }
                double f = t[r][pc];
                if (f != 0) {
                    double[] row = t[r];
                    for (int j = 0; j < row.length; j++) {
                        row[j] -= f * p[j];
                    }
                    row[pc] = 0;
                }
            }
        }
    }
}
