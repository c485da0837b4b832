package io.concord.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;
import io.concord.report.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The state rule for collateral lines and CRIF sensitivities, and the state table that holds them
 * ({@link StateSchema}): a submission's rows replace the stored rows of the same key that came from other (earlier)
 * submissions, and the rows of one submission that share a key are all kept. A collateral line's key is
 * {@link CollateralLine#stateKey()} (owner, business date, account, segregation class, location, asset, purpose,
 * direction); a CRIF row's is {@link Sensitivity#portfolioKey()} (firm, portfolio, segregation class), since SIMM
 * nets a portfolio as a whole.
 *
 * @param table      the state table
 * @param keyColumn  the column holding the row's key
 * @param key        the row's key
 * @param columns    the further columns and how each is read from the row (the state's indexes use them)
 * @param jsonColumn the column holding the row as JSON
 * @param <T>        the row's type
 */
public record ReplaceByKey<T>(String table, String keyColumn, Function<T, String> key,
                              Map<String, Function<T, Object>> columns, String jsonColumn) {

    /** Collateral lines in {@code collateral_state}, keyed in column {@code line_key}. */
    public static final ReplaceByKey<CollateralLine> COLLATERAL = collateral();
    /** CRIF rows in {@code sensitivity_state}, keyed in column {@code portfolio_key}. */
    public static final ReplaceByKey<Sensitivity> SENSITIVITIES = sensitivities();

    private static ReplaceByKey<CollateralLine> collateral() {
        Map<String, Function<CollateralLine, Object>> columns = new LinkedHashMap<>();
        columns.put("owner_lei", CollateralLine::ownerLei);
        columns.put("account", CollateralLine::account);
        columns.put("as_of", CollateralLine::asOf);
        columns.put("record_no", l -> l.lineage().record());
        return new ReplaceByKey<>("collateral_state", "line_key", CollateralLine::stateKey, columns, "line_json");
    }

    private static ReplaceByKey<Sensitivity> sensitivities() {
        Map<String, Function<Sensitivity, Object>> columns = new LinkedHashMap<>();
        columns.put("firm_lei", Sensitivity::firmLei);
        columns.put("account", Sensitivity::account);
        columns.put("record_no", s -> s.lineage().record());
        return new ReplaceByKey<>("sensitivity_state", "portfolio_key", Sensitivity::portfolioKey, columns,
                "sensitivity_json");
    }

    /** Rows inserted per JDBC batch. */
    static final int INSERT_BATCH = 1_000;

    public ReplaceByKey {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** {@link #store(Connection, String, Iterable, LongSupplier)}, the rows numbered 1, 2, ... (a whole submission). */
    public void store(Connection c, String submissionId, Iterable<T> rows) throws SQLException {
        long[] line = {0};
        store(c, submissionId, rows, () -> ++line[0]);
    }

    /**
     * Stores rows of one submission under the rule, in the caller's transaction: the stored rows of every key they
     * carry that came from other submissions are deleted (rows the same submission stored earlier stay: a submission
     * that reaches a bus worker in several deliveries), then the rows are inserted in batches, the i-th with line
     * number {@code lineNo} gives it (the order the state lists a submission's rows in). The rows are iterated twice
     * (keys first): a CRIF of a million rows is read from disk twice rather than held.
     */
    public void store(Connection c, String submissionId, Iterable<T> rows, LongSupplier lineNo) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (T row : rows) {
            keys.add(key.apply(row));
        }
        removeReplaced(c, submissionId, keys);
        List<String> names = new ArrayList<>(List.of("submission_id", "line_no", keyColumn));
        names.addAll(columns.keySet());
        names.add(jsonColumn);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + "?, ".repeat(names.size() - 1) + "?)";
        try (PreparedStatement ins = c.prepareStatement(insert)) {
            int n = 0;
            for (T row : rows) {
                int i = 1;
                ins.setString(i++, submissionId);
                ins.setLong(i++, lineNo.getAsLong());
                ins.setString(i++, key.apply(row));
                for (Function<T, Object> column : columns.values()) {
                    ins.setObject(i++, column.apply(row));
                }
                ins.setString(i, Json.MAPPER.writeValueAsString(row));
                ins.addBatch();
                if (++n % INSERT_BATCH == 0) {
                    StateStore.written(ins.executeBatch(), INSERT_BATCH, table + " rows");
                }
            }
            StateStore.written(ins.executeBatch(), n % INSERT_BATCH, table + " rows");
        } catch (JsonProcessingException e) {
            throw new Ledger.LedgerException("cannot store a " + table + " row: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the stored rows of the given keys that submissions other than {@code submissionId} stored (in the
     * caller's transaction).
     */
    void removeReplaced(Connection c, String submissionId, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn
                + " = ? AND submission_id <> ?")) {
            int n = 0;
            for (String k : keys) {
                del.setString(1, k);
                del.setString(2, submissionId);
                del.addBatch();
                if (++n % INSERT_BATCH == 0) {
                    del.executeBatch();
                }
            }
            del.executeBatch();
        }
    }
}
