package io.concord.gateway.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.book.PositionBook;
import io.concord.ledger.ReplaceByKey;
import io.concord.ledger.StateSchema;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The durable state of bus workers in the ledger database (tables {@code bus_*} of {@link StateSchema}): per
 * account the booked positions (the Part 17 overwrite rule of {@link PositionBook}), collateral lines and CRIF
 * sensitivities under the ledger's rule ({@link ReplaceByKey}: a submission's rows replace the stored rows of their
 * key from other submissions), and the identity of every record applied. The same records in the same order give
 * the same state as the gateway's ledger. A record's identity and its state change commit in one transaction,
 * so a re-delivered record is recognised and changes nothing. Every worker of a consumer group opens the same
 * database (PostgreSQL, or one H2 database), so a worker that takes over a partition finds its accounts' state.
 */
public final class WorkerState implements AutoCloseable {

    private final Connection connection;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    private WorkerState(Connection connection) {
        this.connection = connection;
    }

    /** Opens the state at {@code url}, migrating the ledger schema to the latest version. */
    public static WorkerState open(String url, String user, String password) {
        StateSchema.migrate(url, user, password);
        try {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            return new WorkerState(c);
        } catch (SQLException e) {
            throw new StateException("cannot open worker state at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies a delivery of records and records their identities, in one transaction; a record whose identity was
     * applied before (a re-delivery) is skipped and changes nothing. Returns how many were applied. On failure
     * nothing of the delivery is applied (so it can be delivered again).
     */
    public synchronized int apply(List<BusRecord> records) {
        try {
            Set<String> done = appliedIds(records.stream().map(BusRecord::id).toList());
            List<BusRecord> fresh = new ArrayList<>();
            for (BusRecord r : records) {
                if (done.add(r.id())) {
                    fresh.add(r);
                }
            }
            claim(fresh);
            book(fresh.stream().filter(r -> r.kind() == BusRecord.Kind.POSITIONS).toList());
            replace(fresh, BusRecord.Kind.COLLATERAL, "bus_collateral", "line_json", ReplaceByKey.COLLATERAL,
                    BusRecord::collateral);
            replace(fresh, BusRecord.Kind.SENSITIVITIES, "bus_sensitivity", "sensitivity_json",
                    ReplaceByKey.SENSITIVITIES, BusRecord::sensitivity);
            connection.commit();
            applied.addAndGet(fresh.size());
            duplicates.addAndGet(records.size() - fresh.size());
            return fresh.size();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            // a unique violation means another worker applied some of them meanwhile (during a rebalance): the
            // delivery fails, and when it comes again those records are recognised as applied
            throw new StateException("cannot apply " + records.size() + " records: " + e.getMessage(), e);
        }
    }

    /** Which of these identities were applied before. */
    private Set<String> appliedIds(List<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        selectIn("SELECT record_id FROM bus_record WHERE record_id IN ", ids, rs -> out.add(rs.getString(1)));
        return out;
    }

    private void claim(List<BusRecord> fresh) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO bus_record (record_id, kind, firm_lei, "
                + "account, applied_at) VALUES (?, ?, ?, ?, ?)")) {
            for (BusRecord r : fresh) {
                ps.setString(1, r.id());
                ps.setString(2, r.kind().name());
                ps.setString(3, r.firm());
                ps.setString(4, r.account());
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            written(count(ps.executeBatch()), fresh.size(), "record identities");
        }
    }

    /**
     * Checks that a batch of single-row statements wrote {@code expected} rows: a delivery is never committed with
     * less (or more) than it carried. {@link java.sql.Statement#SUCCESS_NO_INFO} counts as the one row its INSERT
     * wrote.
     */
    private static void written(int rows, int expected, String what) {
        if (rows != expected) {
            throw new StateException("the state received " + rows + " of " + expected + " " + what
                    + "; rolled back", null);
        }
    }

    private static int count(int[] counts) {
        int rows = 0;
        for (int n : counts) {
            rows += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
        return rows;
    }

    /**
     * The overwrite rule against the stored state of the keys: the same {@link PositionBook} logic as a run's,
     * the stored state first, then the records in delivery order.
     */
    private void book(List<BusRecord> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        PositionBook book = new PositionBook();
        // each record's book key once (it is built from six fields): the keys, the first seq and the last record
        Map<String, Long> firstSeq = new HashMap<>();
        Map<String, String> recordOf = new HashMap<>();
        List<String> keys = new ArrayList<>();
        String[] keyOf = new String[positions.size()];
        for (int i = 0; i < keyOf.length; i++) {
            keyOf[i] = positions.get(i).position().bookKey();
            if (recordOf.put(keyOf[i], positions.get(i).id()) == null) {
                keys.add(keyOf[i]);
            }
        }
        Set<String> stored = new HashSet<>();
        selectIn("SELECT book_key, position_json, first_seq FROM bus_position WHERE book_key IN ", keys, rs -> {
            book.apply(parse(rs.getString(2), Position.class));
            firstSeq.put(rs.getString(1), rs.getLong(3));
            stored.add(rs.getString(1));
        });
        for (BusRecord r : positions) {
            book.apply(r.position());
        }
        for (int i = 0; i < keyOf.length; i++) {
            firstSeq.putIfAbsent(keyOf[i], positions.get(i).seq());
        }
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM bus_position WHERE book_key = ?");
             PreparedStatement ins = connection.prepareStatement("INSERT INTO bus_position (book_key, firm_lei, "
                     + "account, first_seq, record_id, position_json) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String key : stored) {
                del.setString(1, key);
                del.addBatch();
            }
            for (Map.Entry<String, Position> e : book.byKey().entrySet()) {
                Position p = e.getValue();
                ins.setString(1, e.getKey());
                ins.setString(2, p.firmLei());
                ins.setString(3, p.account());
                ins.setLong(4, firstSeq.get(e.getKey()));
                ins.setString(5, recordOf.get(e.getKey()));
                ins.setString(6, json(p));
                ins.addBatch();
            }
            del.executeBatch();
            written(count(ins.executeBatch()), book.positions().size(), "booked positions");
        }
    }

    /**
     * Stores the delivery's records of one kind under {@link ReplaceByKey}, in delivery order: each run of records of
     * one submission first removes the stored rows of its keys from other submissions, then inserts its rows (so
     * the rows of one submission that reach the worker in several deliveries are all kept).
     */
    private <T> void replace(List<BusRecord> fresh, BusRecord.Kind kind, String table, String jsonColumn,
                             ReplaceByKey<T> rule, Function<BusRecord, T> item)
            throws SQLException {
        List<BusRecord> records = fresh.stream().filter(r -> r.kind() == kind).toList();
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (record_id, firm_lei, "
                + "account, seq, submission_id, " + rule.keyColumn() + ", " + jsonColumn
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int written = 0;
            for (int from = 0; from < records.size(); ) {
                String submission = records.get(from).lineage().submissionId();
                int to = from;
                Set<String> keys = new LinkedHashSet<>();
                for (; to < records.size() && records.get(to).lineage().submissionId().equals(submission); to++) {
                    BusRecord r = records.get(to);
                    String key = rule.key().apply(item.apply(r));
                    keys.add(key);
                    ps.setString(1, r.id());
                    ps.setString(2, r.firm());
                    ps.setString(3, r.account());
                    ps.setLong(4, r.seq());
                    ps.setString(5, submission);
                    ps.setString(6, key);
                    ps.setString(7, json(item.apply(r)));
                    ps.addBatch();
                }
                rule.removeReplaced(connection, table, submission, keys);
                written += count(ps.executeBatch());
                from = to;
            }
            written(written, records.size(), kind.endpointName() + " records");
        }
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    /** {@code sql} followed by an IN list of {@code values}, in chunks of 500 parameters. */
    private void selectIn(String sql, List<String> values, Row row) throws SQLException {
        for (int from = 0; from < values.size(); from += 500) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + 500));
            try (PreparedStatement ps = connection.prepareStatement(sql + "(" + "?,".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            }
        }
    }

    /** The booked positions, in the order their keys were first booked. */
    public synchronized List<Position> positions() {
        return read("SELECT position_json FROM bus_position ORDER BY first_seq", Position.class);
    }

    /** The collateral lines, in publish order. */
    public synchronized List<CollateralLine> collateral() {
        return read("SELECT line_json FROM bus_collateral ORDER BY seq", CollateralLine.class);
    }

    /** The CRIF sensitivities, in publish order. */
    public synchronized List<Sensitivity> sensitivities() {
        return read("SELECT sensitivity_json FROM bus_sensitivity ORDER BY seq", Sensitivity.class);
    }

    /** How many record identities are applied, by every worker sharing this database. */
    public synchronized long records() {
        return read("SELECT COUNT(*) FROM bus_record", Long.class).get(0);
    }

    /** Records this instance applied. */
    public long applied() {
        return applied.get();
    }

    /** Re-delivered records this instance recognised and skipped. */
    public long duplicates() {
        return duplicates.get();
    }

    private <T> List<T> read(String sql, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(type == Long.class ? type.cast(rs.getLong(1)) : parse(rs.getString(1), type));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new StateException("cannot read worker state: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StateException("stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StateException("cannot store " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StateException("cannot close worker state: " + e.getMessage(), e);
        }
    }

    /** A worker state operation that failed (database unreachable, record unreadable). */
    public static final class StateException extends RuntimeException {
        public StateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
