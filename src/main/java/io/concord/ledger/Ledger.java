package io.concord.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.book.PositionBook;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Ack;
import io.concord.report.Json;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The gateway's ledger in a SQL database: every submission (id, content hash, principal, time, counts, status)
 * and the latest state of every position key under the Part 17 overwrite rule. A submission and its position
 * changes commit in one transaction, so a crash leaves either all of a submission or none of it.
 *
 * <p>Default: an embedded H2 file database; PostgreSQL (or any database Flyway and a JDBC driver support) by
 * JDBC URL. The schema is Flyway migrations under {@code db/migration}.
 */
public final class Ledger {

    private final String url;
    private final String user;
    private final String password;

    private Ledger(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Opens the ledger at {@code url}, migrating its schema to the latest version. */
    public static Ledger open(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .load().migrate();
        return new Ledger(url, user, password);
    }

    /** A stored submission. */
    public record SubmissionRow(String id, String sha256, String feed, String fileName, String principal,
                                java.time.Instant receivedAt, Ack.Status status, long received, long accepted,
                                long rejected, String mappingsVersion) {
    }

    /** The submission with this content, if one was committed. */
    public Optional<SubmissionRow> bySha256(String sha256) {
        return query("SELECT * FROM submission WHERE sha256 = ?", sha256).stream().findFirst();
    }

    public Optional<SubmissionRow> byId(String id) {
        return query("SELECT * FROM submission WHERE id = ?", id).stream().findFirst();
    }

    /**
     * Commits a submission and applies its positions to the stored state, in one transaction. Returns false and
     * changes nothing when a submission with the same content is already committed.
     */
    public boolean commit(Ack ack, String principal, Collection<Position> positions) {
        return commit(ack, principal, positions, List.of(), List.of());
    }

    /**
     * Commits a submission and applies its positions, collateral lines and CRIF sensitivities to the stored
     * state, in one transaction: a line replaces the stored lines of its {@link CollateralLine#stateKey()}, a
     * portfolio's rows replace its stored rows ({@link Sensitivity#portfolioKey()}). Returns false and changes
     * nothing when a submission with the same content is already committed.
     */
    public boolean commit(Ack ack, String principal, Collection<Position> positions,
                          Collection<CollateralLine> collateral, Collection<Sensitivity> sensitivities) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                if (exists(c, ack.sha256())) {
                    c.rollback();
                    return false;
                }
                insertSubmission(c, ack, principal);
                applyPositions(c, ack.submissionId(), positions);
                applyCollateral(c, ack.submissionId(), collateral);
                applySensitivities(c, ack.submissionId(), sensitivities);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (isUniqueViolation(e) && exists(c, ack.sha256())) {
                    return false; // a concurrent commit of the same content won
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot commit submission " + ack.submissionId() + ": " + e.getMessage(), e);
        }
    }

    /** The booked positions of a firm (every account), in key order. */
    public List<Position> positions(String firmLei) {
        List<Position> out = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT position_json FROM position_state WHERE firm_lei = ? ORDER BY book_key")) {
            ps.setString(1, firmLei);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.MAPPER.readValue(rs.getString(1), Position.class));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new LedgerException("cannot read positions of " + firmLei + ": " + e.getMessage(), e);
        }
    }

    /** Every booked position (all firms), in key order. */
    public List<Position> positions() {
        return readJson("SELECT position_json FROM position_state ORDER BY book_key", Position.class);
    }

    /** The stored collateral lines (all firms) in the order they arrived: by submission, then within it. */
    public List<CollateralLine> collateral() {
        return readJson("SELECT x.line_json FROM collateral_state x JOIN submission s ON s.id = x.submission_id "
                + "ORDER BY s.received_at, s.id, x.line_no", CollateralLine.class);
    }

    /** The stored CRIF sensitivities (all firms) in the order they arrived: by submission, then within it. */
    public List<Sensitivity> sensitivities() {
        return readJson("SELECT x.sensitivity_json FROM sensitivity_state x JOIN submission s "
                + "ON s.id = x.submission_id ORDER BY s.received_at, s.id, x.line_no", Sensitivity.class);
    }

    /** The ids of every committed submission, in the order they were received. */
    public List<String> submissionIds() {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM submission ORDER BY received_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot list submissions: " + e.getMessage(), e);
        }
    }

    private <T> List<T> readJson(String sql, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Json.MAPPER.readValue(rs.getString(1), type));
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new LedgerException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public long count(String table) {
        if (!table.matches("submission|position_state|collateral_state|sensitivity_state")) {
            throw new IllegalArgumentException(table);
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new LedgerException("cannot count " + table, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static boolean exists(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM submission WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertSubmission(Connection c, Ack ack, String principal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO submission (id, sha256, feed, file_name, "
                + "principal, received_at, status, received, accepted, rejected, mappings_version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ack.submissionId());
            ps.setString(2, ack.sha256());
            ps.setString(3, ack.feed());
            ps.setString(4, ack.file());
            ps.setString(5, principal);
            ps.setTimestamp(6, Timestamp.from(ack.receivedAt()));
            ps.setString(7, ack.status().name());
            ps.setLong(8, ack.received());
            ps.setLong(9, ack.accepted());
            ps.setLong(10, ack.rejected());
            ps.setString(11, ack.mappingsVersion());
            ps.executeUpdate();
        }
    }

    /** Positions applied per round trip: one SELECT of their stored state, one batch of deletes and inserts. */
    static final int CHUNK = 1000;

    /**
     * Applies the overwrite rule against the stored state: the same {@link PositionBook} logic as a run's, a chunk
     * of positions at a time, so neither memory nor round trips grow with one query per position. A key that
     * comes back in a later chunk reads the state an earlier chunk wrote (same transaction).
     */
    private static void applyPositions(Connection c, String submissionId, Collection<Position> positions)
            throws SQLException {
        List<Position> chunk = new ArrayList<>(CHUNK);
        for (Position p : positions) {
            chunk.add(p);
            if (chunk.size() == CHUNK) {
                applyChunk(c, submissionId, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            applyChunk(c, submissionId, chunk);
        }
    }

    private static void applyChunk(Connection c, String submissionId, List<Position> chunk) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        chunk.forEach(p -> keys.add(p.bookKey()));
        PositionBook book = new PositionBook();
        String in = String.join(", ", Collections.nCopies(keys.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT position_json FROM position_state WHERE book_key IN ("
                + in + ")")) {
            int i = 1;
            for (String key : keys) {
                ps.setString(i++, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    book.apply(Json.MAPPER.readValue(rs.getString(1), Position.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new LedgerException("stored position is not readable: " + e.getMessage(), e);
        }
        chunk.forEach(book::apply);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM position_state WHERE book_key = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO position_state (book_key, firm_lei, account, "
                     + "as_of, submission_id, record_no, position_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Position p : book.positions()) {
                del.setString(1, p.bookKey());
                del.addBatch();
                ins.setString(1, p.bookKey());
                ins.setString(2, p.firmLei());
                ins.setString(3, p.account());
                ins.setObject(4, p.asOf());
                ins.setString(5, submissionId);
                ins.setLong(6, p.lineage().record());
                ins.setString(7, Json.MAPPER.writeValueAsString(p));
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        } catch (JsonProcessingException e) {
            throw new LedgerException("cannot store position: " + e.getMessage(), e);
        }
    }

    /** A submission's collateral lines replace the stored lines of the same key from earlier submissions. */
    private static void applyCollateral(Connection c, String submissionId, Collection<CollateralLine> lines)
            throws SQLException {
        Map<String, Function<CollateralLine, Object>> columns = new LinkedHashMap<>();
        columns.put("owner_lei", CollateralLine::ownerLei);
        columns.put("account", CollateralLine::account);
        columns.put("as_of", CollateralLine::asOf);
        columns.put("record_no", l -> l.lineage().record());
        replaceByKey(c, submissionId, lines, "collateral_state", "line_key", CollateralLine::stateKey, columns,
                "line_json");
    }

    /** A submission's CRIF rows replace every stored row of the portfolios it carries. */
    private static void applySensitivities(Connection c, String submissionId, Collection<Sensitivity> rows)
            throws SQLException {
        Map<String, Function<Sensitivity, Object>> columns = new LinkedHashMap<>();
        columns.put("firm_lei", Sensitivity::firmLei);
        columns.put("account", Sensitivity::account);
        columns.put("record_no", s -> s.lineage().record());
        replaceByKey(c, submissionId, rows, "sensitivity_state", "portfolio_key", Sensitivity::portfolioKey, columns,
                "sensitivity_json");
    }

    /**
     * Stores a submission's items in a state table whose rows are replaced by key: every stored row of a key the
     * submission carries is deleted, then the submission's rows are inserted (several of one key are all kept), with
     * the given columns and the item as JSON.
     */
    private static <T> void replaceByKey(Connection c, String submissionId, Collection<T> items, String table,
                                         String keyColumn, Function<T, String> key,
                                         Map<String, Function<T, Object>> columns, String jsonColumn)
            throws SQLException {
        List<String> names = new ArrayList<>(List.of("submission_id", "line_no", keyColumn));
        names.addAll(columns.keySet());
        names.add(jsonColumn);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + "?, ".repeat(names.size() - 1) + "?)";
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn + " = ?");
             PreparedStatement ins = c.prepareStatement(insert)) {
            Set<String> keys = new LinkedHashSet<>();
            int n = 0;
            for (T item : items) {
                String k = key.apply(item);
                if (keys.add(k)) {
                    del.setString(1, k);
                    del.addBatch();
                }
                int i = 1;
                ins.setString(i++, submissionId);
                ins.setInt(i++, ++n);
                ins.setString(i++, k);
                for (Function<T, Object> column : columns.values()) {
                    ins.setObject(i++, column.apply(item));
                }
                ins.setString(i, Json.MAPPER.writeValueAsString(item));
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        } catch (JsonProcessingException e) {
            throw new LedgerException("cannot store a " + table + " row: " + e.getMessage(), e);
        }
    }

    private List<SubmissionRow> query(String sql, String arg) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<SubmissionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SubmissionRow(rs.getString("id"), rs.getString("sha256"), rs.getString("feed"),
                            rs.getString("file_name"), rs.getString("principal"),
                            rs.getTimestamp("received_at").toInstant(), Ack.Status.valueOf(rs.getString("status")),
                            rs.getLong("received"), rs.getLong("accepted"), rs.getLong("rejected"),
                            rs.getString("mappings_version")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("ledger query failed: " + e.getMessage(), e);
        }
    }

    private static boolean isUniqueViolation(Exception e) {
        return e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23");
    }

    /** A ledger operation that failed (database unreachable, constraint violated). */
    public static final class LedgerException extends RuntimeException {
        public LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
