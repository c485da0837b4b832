package io.concord.gateway.bus;

import io.concord.book.PositionBook;
import io.concord.ledger.Ledger;
import io.concord.ledger.ReplaceByKey;
import io.concord.ledger.StateSchema;
import io.concord.ledger.StateStore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bus worker's side of Concord's one state store ({@link StateStore}): each delivery of records from the Kafka
 * topics is applied to the ledger's state tables, under the same rule and by the same code as the gateway's commits
 * (positions under the Part 17 overwrite rule of {@link PositionBook}, collateral lines and CRIF rows under
 * {@link ReplaceByKey}), and the identity of every record applied is kept in {@code applied_record}. A record's
 * identity and its state change commit in one transaction, so a re-delivered record is recognised and changes
 * nothing. Every worker of a consumer group opens the same database (PostgreSQL, or one H2 database), the gateway's
 * ledger when it runs on Kafka, so a worker that takes over a partition finds its accounts' state; the state is read
 * back through {@link Ledger}, as the gateway reads it.
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
            StateStore.applyPositions(connection, fresh.stream()
                    .filter(r -> r.kind() == BusRecord.Kind.POSITIONS).map(BusRecord::position).toList());
            replace(fresh, BusRecord.Kind.COLLATERAL, ReplaceByKey.COLLATERAL, BusRecord::collateral);
            replace(fresh, BusRecord.Kind.SENSITIVITIES, ReplaceByKey.SENSITIVITIES, BusRecord::sensitivity);
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
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement ps = connection.prepareStatement("SELECT record_id FROM applied_record WHERE "
                    + "record_id IN (" + "?,".repeat(chunk.size() - 1) + "?)")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private void claim(List<BusRecord> fresh) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO applied_record (record_id, kind, "
                + "submission_id, firm_lei, account, applied_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (BusRecord r : fresh) {
                ps.setString(1, r.id());
                ps.setString(2, r.kind().name());
                ps.setString(3, r.lineage().submissionId());
                ps.setString(4, r.firm());
                ps.setString(5, r.account());
                ps.setTimestamp(6, now);
                ps.addBatch();
            }
            StateStore.written(ps.executeBatch(), fresh.size(), "record identities");
        }
    }

    /**
     * Stores the delivery's records of one kind under {@link ReplaceByKey}, in delivery order, a run of records of
     * one submission at a time (a submission's rows that reach the worker in several deliveries are all kept), each
     * row numbered by its publish order.
     */
    private <T> void replace(List<BusRecord> fresh, BusRecord.Kind kind, ReplaceByKey<T> rule,
                             Function<BusRecord, T> item) throws SQLException {
        List<BusRecord> records = fresh.stream().filter(r -> r.kind() == kind).toList();
        for (int from = 0; from < records.size(); ) {
            String submission = records.get(from).lineage().submissionId();
            int to = from;
            while (to < records.size() && records.get(to).lineage().submissionId().equals(submission)) {
                to++;
            }
            List<BusRecord> run = records.subList(from, to);
            java.util.Iterator<BusRecord> seq = run.iterator();
            rule.store(connection, submission, run.stream().map(item).toList(), () -> seq.next().seq());
            from = to;
        }
    }

    /** How many record identities are applied, by every worker sharing this database. */
    public synchronized long records() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM applied_record");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            throw new StateException("cannot read worker state: " + e.getMessage(), e);
        }
    }

    /** Records this instance applied. */
    public long applied() {
        return applied.get();
    }

    /** Re-delivered records this instance recognised and skipped. */
    public long duplicates() {
        return duplicates.get();
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
