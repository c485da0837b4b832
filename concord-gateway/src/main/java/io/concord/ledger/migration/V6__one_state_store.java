package io.concord.ledger.migration;

import io.concord.ledger.ReplaceByKey;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Ledger schema version 6: one state store. The bus workers write the ledger's state tables ({@code position_state},
 * {@code collateral_state}, {@code sensitivity_state}) as the gateway does, through the same code
 * ({@code StateStore}); their tables {@code bus_position}, {@code bus_collateral} and {@code bus_sensitivity} go.
 *
 * <ul>
 * <li>The state tables no longer reference {@code submission}: a worker applies a submission's records before (or,
 *     in a database of its own, without) the gateway's submission row. A state row still names its submission.</li>
 * <li>{@code line_no} becomes a BIGINT: a worker numbers a submission's lines by their publish order.</li>
 * <li>{@code bus_record} becomes {@code applied_record} (the identity of every record a worker applied) with the
 *     record's {@code submission_id}, filled in from the identity ({@code kind:submission:record}).</li>
 * <li>{@code submission} gains {@code published}, the records a gateway on Kafka published for the workers (null
 *     when the gateway wrote the state in its commit), and {@code applied_at}, when the gateway saw the workers had
 *     applied every one of them.</li>
 * <li>Rows the workers stored before this version move into the state tables when those are empty (a database only
 *     workers wrote); where the gateway's ledger already holds state, the workers' rows were a second copy of it
 *     (the same submissions leave the same state in both) and are dropped.</li>
 * </ul>
 * A Java migration because constraint names differ between databases and the moved rows are read from their JSON.
 */
public class V6__one_state_store extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE submission ADD COLUMN published BIGINT");
            s.execute("ALTER TABLE submission ADD COLUMN applied_at TIMESTAMP WITH TIME ZONE");
            s.execute("ALTER TABLE collateral_state ALTER COLUMN line_no SET DATA TYPE BIGINT");
            s.execute("ALTER TABLE sensitivity_state ALTER COLUMN line_no SET DATA TYPE BIGINT");
        }
        for (String table : List.of("position_state", "collateral_state", "sensitivity_state")) {
            dropForeignKeys(c, table);
        }
        if (empty(c, "position_state") && empty(c, "collateral_state") && empty(c, "sensitivity_state")) {
            movePositions(c);
            move(c, "bus_collateral", "line_json", ReplaceByKey.COLLATERAL, CollateralLine.class);
            move(c, "bus_sensitivity", "sensitivity_json", ReplaceByKey.SENSITIVITIES, Sensitivity.class);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE bus_position");
            s.execute("DROP TABLE bus_collateral");
            s.execute("DROP TABLE bus_sensitivity");
            s.execute("ALTER TABLE bus_record RENAME TO applied_record");
            s.execute("ALTER TABLE applied_record ADD COLUMN submission_id VARCHAR(100)");
        }
        try (PreparedStatement read = c.prepareStatement("SELECT record_id FROM applied_record");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE applied_record SET submission_id = ? WHERE record_id = ?")) {
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    update.setString(1, id.substring(id.indexOf(':') + 1, id.lastIndexOf(':')));
                    update.setString(2, id);
                    update.addBatch();
                    if (++pending % 1000 == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE applied_record ALTER COLUMN submission_id SET NOT NULL");
            s.execute("CREATE INDEX applied_record_by_submission ON applied_record (submission_id)");
        }
    }

    /** Drops the foreign keys of {@code table} (in the connection's schema), whatever the database named them. */
    private static void dropForeignKeys(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> names = new ArrayList<>();
        for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), c.getSchema(), name)) {
                while (rs.next()) {
                    if (!names.contains(rs.getString("FK_NAME"))) {
                        names.add(rs.getString("FK_NAME"));
                    }
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + name + "\"");
            }
        }
    }

    private static boolean empty(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
            return !rs.next();
        }
    }

    private static void movePositions(Connection c) throws Exception {
        try (PreparedStatement read = c.prepareStatement("SELECT book_key, position_json FROM bus_position");
             PreparedStatement insert = c.prepareStatement("INSERT INTO position_state (book_key, firm_lei, account, "
                     + "as_of, submission_id, record_no, position_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    Position p = Json.MAPPER.readValue(rs.getString(2), Position.class);
                    insert.setString(1, rs.getString(1));
                    insert.setString(2, p.firmLei());
                    insert.setString(3, p.account());
                    insert.setObject(4, p.asOf());
                    insert.setString(5, p.lineage().submissionId());
                    insert.setLong(6, p.lineage().record());
                    insert.setString(7, rs.getString(2));
                    insert.addBatch();
                    if (++pending % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    /** A worker table's rows into the state table of {@code rule}, numbered by their publish order. */
    private static <T> void move(Connection c, String from, String jsonColumn, ReplaceByKey<T> rule, Class<T> type)
            throws Exception {
        List<String> names = new ArrayList<>(List.of("submission_id", "line_no", rule.keyColumn()));
        names.addAll(rule.columns().keySet());
        names.add(rule.jsonColumn());
        try (PreparedStatement read = c.prepareStatement("SELECT submission_id, seq, " + jsonColumn + " FROM " + from);
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + rule.table() + " ("
                     + String.join(", ", names) + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)")) {
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    T row = Json.MAPPER.readValue(rs.getString(3), type);
                    int i = 1;
                    insert.setString(i++, rs.getString(1));
                    insert.setLong(i++, rs.getLong(2));
                    insert.setString(i++, rule.key().apply(row));
                    for (Function<T, Object> column : rule.columns().values()) {
                        insert.setObject(i++, column.apply(row));
                    }
                    insert.setString(i, rs.getString(3));
                    insert.addBatch();
                    if (++pending % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }
}
