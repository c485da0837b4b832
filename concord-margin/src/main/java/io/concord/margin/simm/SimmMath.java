package io.concord.margin.simm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregation formulas the SIMM measures share: within a bucket (K), across buckets (with the IR concentration
 * ratio g_bc), the S_b clamp, and tenor labels in days.
 */
final class SimmMath {

    private SimmMath() {
    }

    /**
     * K² of a bucket: Σ_k WS_k² + Σ_{k≠l} ρ_kl f_kl WS_k WS_l with ρ_kl = {@code same} when k and l share a
     * correlation group ({@code group}: the qualifier, or the Label2 group for credit non-qualifying) and
     * {@code diff} otherwise, and f_kl = min(CR_k, CR_l) / max(CR_k, CR_l). Written as
     * Σ WS² + diff·P(all) + (same − diff)·Σ_g P(g) with P(S) = Σ_{k≠l∈S} f_kl WS_k WS_l, each P one pass over the
     * factors sorted by concentration ({@link #pairs}), so the cost is O(n log n), not pair by pair.
     */
    static double intraBucket(double[] ws, double[] c, String[] group, double same, double diff) {
        int m = ws.length;
        double k2 = 0;
        for (double w : ws) {
            k2 += w * w;
        }
        Integer[] all = new Integer[m];
        for (int i = 0; i < m; i++) {
            all[i] = i;
        }
        k2 += diff * pairs(ws, c, all);
        if (!Double.isNaN(same) && same != diff) {
            Map<String, List<Integer>> byGroup = new HashMap<>();
            for (int i = 0; i < m; i++) {
                byGroup.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
            }
            for (List<Integer> g : byGroup.values()) {
                if (g.size() > 1) {
                    k2 += (same - diff) * pairs(ws, c, g.toArray(new Integer[0]));
                }
            }
        }
        return k2;
    }

    /**
     * Σ_{k≠l} (min(c)/max(c)) w_k w_l over the factors {@code idx}: sorted by concentration,
     * Σ_{i<j} (c_i/c_j) w_i w_j = Σ_j (w_j/c_j) Σ_{i<j} c_i w_i, counted twice.
     */
    static double pairs(double[] w, double[] c, Integer[] idx) {
        Arrays.sort(idx, (a, b) -> Double.compare(c[a], c[b]));
        double prefix = 0;
        double cross = 0;
        for (int j : idx) {
            cross += w[j] / c[j] * prefix;
            prefix += c[j] * w[j];
        }
        return 2 * cross;
    }

    /** Across buckets with the concentration ratio g_bc (IR): {k, weighted sum, concentration} per bucket. */
    static double acrossWithG(List<double[]> ks, double gamma, boolean curvature) {
        return across(ks, (x, y) -> curvature ? gamma * gamma : gamma * Math.min(x[2], y[2]) / Math.max(x[2], y[2]));
    }

    /**
     * K across buckets: sqrt(Σ_b K_b² + Σ_b≠c weight(b, c) · S_b · S_c), floored at 0, with each bucket as
     * {k, weighted sum, ...} and S_b its clamped sum.
     */
    static double across(List<double[]> ks, java.util.function.ToDoubleBiFunction<double[], double[]> weight) {
        double t2 = 0;
        for (double[] x : ks) {
            for (double[] y : ks) {
                t2 += x == y ? x[0] * x[0] : weight.applyAsDouble(x, y) * clamp(x) * clamp(y);
            }
        }
        return Math.sqrt(Math.max(t2, 0));
    }

    /** S_b = max(min(Σ WS, K_b), −K_b). */
    static double clamp(double[] b) {
        return Math.max(Math.min(b[1], b[0]), -b[0]);
    }

    /** Calendar days of a tenor label: Nw = 7N, Nm = 365N/12, Ny = 365N; NaN when not a tenor. */
    static double days(String label) {
        if (label.length() < 2) {
            return Double.NaN;
        }
        double n;
        try {
            n = Double.parseDouble(label.substring(0, label.length() - 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return switch (label.charAt(label.length() - 1)) {
            case 'w' -> 7 * n;
            case 'm' -> 365.0 / 12 * n;
            case 'y' -> 365 * n;
            default -> Double.NaN;
        };
    }
}
