package io.concord.margin.simm;

import io.concord.margin.simm.SimmResult.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pieces of the SIMM explain tree every measure builds: a weighted sensitivity's node, labels, ordered details. */
final class ExplainNodes {

    private ExplainNodes() {
    }

    static Node factorNode(Agg a, String riskType, double s, double rw, double cr, double ws) {
        return new Node(label(a), ws, ordered("riskType", riskType, "amountUsd", s, "riskWeight", rw,
                "concentration", cr, "weighted", ws), List.of());
    }

    static String label(Agg a) {
        return join(a.qualifier, a.label1, a.label2);
    }

    /** The non-empty parts, space-separated. */
    static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String x : parts) {
            if (!x.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(x);
            }
        }
        return b.toString();
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
