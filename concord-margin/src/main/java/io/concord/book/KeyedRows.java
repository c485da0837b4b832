package io.concord.book;

import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collateral lines or CRIF rows as a run holds them, under the rule every Concord state follows (a run's, the
 * gateway ledger's and the bus workers'): a submission's rows replace the rows of the same key that earlier
 * submissions gave, and the rows of one submission that share a key are all kept; what stays is in arrival order.
 * The key of a collateral line is {@link CollateralLine#stateKey()}, of a CRIF row
 * {@link Sensitivity#portfolioKey()} (SIMM nets a portfolio as a whole). The same rule in SQL is the ledger's
 * {@code ReplaceByKey}. Not thread-safe: callers add one submission's batches in order.
 *
 * @param <T> the row's type
 */
public final class KeyedRows<T> {

    private final Function<T, String> key;
    private final Function<T, String> submission;
    /** The rows that stand, by arrival number. */
    private final LinkedHashMap<Long, T> rows = new LinkedHashMap<>();
    /** Per key, the submission whose rows stand and their arrival numbers. */
    private final Map<String, Standing> byKey = new HashMap<>();
    private long arrived;

    private record Standing(String submission, List<Long> rows) {
    }

    private KeyedRows(Function<T, String> key, Function<T, String> submission) {
        this.key = key;
        this.submission = submission;
    }

    /** Collateral lines keyed by {@link CollateralLine#stateKey()}. */
    public static KeyedRows<CollateralLine> collateral() {
        return new KeyedRows<>(CollateralLine::stateKey, l -> l.lineage().submissionId());
    }

    /** CRIF rows keyed by {@link Sensitivity#portfolioKey()}. */
    public static KeyedRows<Sensitivity> sensitivities() {
        return new KeyedRows<>(Sensitivity::portfolioKey, s -> s.lineage().submissionId());
    }

    /** Adds rows in arrival order, each replacing the standing rows of its key from another submission. */
    public void addAll(List<T> arriving) {
        for (T row : arriving) {
            String k = key.apply(row);
            String s = submission.apply(row);
            Standing standing = byKey.get(k);
            if (standing == null || !standing.submission().equals(s)) {
                if (standing != null) {
                    standing.rows().forEach(rows::remove);
                }
                standing = new Standing(s, new ArrayList<>(1));
                byKey.put(k, standing);
            }
            long n = ++arrived;
            standing.rows().add(n);
            rows.put(n, row);
        }
    }

    /** Removes every row a submission gave (a submission superseded as a whole). */
    public void removeSubmission(String submissionId) {
        byKey.values().removeIf(standing -> {
            if (standing.submission().equals(submissionId)) {
                standing.rows().forEach(rows::remove);
                return true;
            }
            return false;
        });
    }

    /** The rows that stand, in arrival order. */
    public List<T> rows() {
        return List.copyOf(rows.values());
    }

    public int size() {
        return rows.size();
    }
}
