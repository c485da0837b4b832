package io.concord.ledger.migration;

import io.concord.ledger.ReplaceByKey;
import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Ledger schema version 5: the bus workers' collateral lines and CRIF rows follow the ledger's rule
 * ({@link ReplaceByKey}), so {@code bus_collateral} and {@code bus_sensitivity} gain the columns the rule needs,
 * {@code submission_id} and the row's key ({@code line_key}, {@code portfolio_key}), as {@code collateral_state} and
 * {@code sensitivity_state} have them. Rows stored before this version are filled in from their JSON, and the rule is
 * applied to them: of each key, only the rows of the submission published last stay. A Java migration because the
 * keys are computed from the stored JSON.
 */
public class V5__bus_state_keys extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        keyed(c, "bus_collateral", "line_json", ReplaceByKey.COLLATERAL, CollateralLine.class,
                l -> l.lineage().submissionId());
        keyed(c, "bus_sensitivity", "sensitivity_json", ReplaceByKey.SENSITIVITIES, Sensitivity.class,
                s -> s.lineage().submissionId());
    }

    private static <T> void keyed(Connection c, String table, String jsonColumn, ReplaceByKey<T> rule, Class<T> type,
                                  Function<T, String> submission) throws Exception {
        String key = rule.keyColumn();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ADD COLUMN submission_id VARCHAR(100)");
            s.execute("ALTER TABLE " + table + " ADD COLUMN " + key + " VARCHAR(2000)");
        }
        // per key, the submission of its last-published row: the one whose rows the rule keeps
        Map<String, String> latest = new HashMap<>();
        try (PreparedStatement read = c.prepareStatement("SELECT record_id, " + jsonColumn + " FROM " + table
                + " ORDER BY seq");
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET submission_id = ?, " + key
                     + " = ? WHERE record_id = ?")) {
            read.setFetchSize(1000);
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    T row = Json.MAPPER.readValue(rs.getString(2), type);
                    String k = rule.key().apply(row);
                    latest.put(k, submission.apply(row));
                    update.setString(1, submission.apply(row));
                    update.setString(2, k);
                    update.setString(3, rs.getString(1));
                    update.addBatch();
                    if (++pending == 1000) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            update.executeBatch();
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + key
                + " = ? AND submission_id <> ?")) {
            for (Map.Entry<String, String> e : latest.entrySet()) {
                del.setString(1, e.getKey());
                del.setString(2, e.getValue());
                del.addBatch();
            }
            del.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN submission_id SET NOT NULL");
            s.execute("ALTER TABLE " + table + " ALTER COLUMN " + key + " SET NOT NULL");
            s.execute("CREATE INDEX " + table + "_by_key ON " + table + " (" + key + ")");
        }
    }
}
