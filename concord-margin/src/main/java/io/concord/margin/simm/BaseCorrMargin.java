package io.concord.margin.simm;

import io.concord.margin.simm.SimmResult.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concord.margin.simm.Agg.group;
import static io.concord.margin.simm.ExplainNodes.factorNode;

/**
 * SIMM base correlation margin (credit qualifying): the Risk_BaseCorr sensitivities summed by index, weighted by
 * the base correlation risk weight and aggregated with one correlation.
 */
final class BaseCorrMargin {

    private final SimmParameters p;

    BaseCorrMargin(Calibration cal) {
        this.p = cal.p;
    }

    /** The base correlation margin of credit qualifying on its Risk_BaseCorr rows. */
    Node margin(List<Agg> rows, boolean explain) {
        double rw = p.creditQ().baseCorrRw();
        double rho = p.creditQ().baseCorrCorr();
        double sum = 0;
        double sq = 0;
        List<Node> sens = new ArrayList<>();
        for (var e : group(rows, a -> a.qualifier).entrySet()) {
            double s = e.getValue().stream().mapToDouble(a -> a.amount).sum();
            double ws = rw * s;
            sum += ws;
            sq += ws * ws;
            if (explain) {
                sens.add(factorNode(e.getValue().get(0), "Risk_BaseCorr", s, rw, 1, ws));
            }
        }
        double k = Math.sqrt(Math.max(0, sq + rho * (sum * sum - sq)));
        return new Node("baseCorr", k, Map.of(), List.of(new Node("BaseCorr", k, Map.of(), sens)));
    }
}
