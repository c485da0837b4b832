package io.concord.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.book.AccountBook;
import io.concord.book.PositionBook;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.model.Ack;
import io.concord.report.Json;

import java.io.IOException;
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
 * JDBC URL. The schema is {@link StateSchema}'s; collateral lines and CRIF rows follow {@link ReplaceByKey}.
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
        StateSchema.migrate(url, user, password);
        return new Ledger(url, user, password);
    }

    /**
     * A stored submission.
     *
     * @param revision   1 for a principal's first submission of this content, n + 1 for an explicit resubmission
     * @param supersedes the submission an explicit resubmission replaces (null for a first submission)
     */
    public record SubmissionRow(String id, String sha256, String feed, String fileName, String principal,
                                java.time.Instant receivedAt, Ack.Status status, long received, long accepted,
                                long rejected, String mappingsVersion, int revision, String supersedes) {
    }

    /** Where a submission stands in its principal's history of one content: first, or a resubmission of one. */
    public record Revision(int number, String supersedes) {
        public static final Revision FIRST = new Revision(1, null);

        public Revision {
            if (number < 1 || (number == 1) != (supersedes == null)) {
                throw new IllegalArgumentException("revision " + number + " superseding " + supersedes);
            }
        }

        /** The revision that supersedes {@code latest}. */
        public static Revision after(SubmissionRow latest) {
            return new Revision(latest.revision() + 1, latest.id());
        }
    }

    /**
     * What a submission stores in the state: its final book (read account by account, never held whole), how many
     * positions that book holds as the run counted them, its collateral lines and CRIF sensitivities. The commit
     * checks that the state received exactly these counts.
     */
    public record Contents(AccountBook positions, long bookedPositions, Collection<CollateralLine> collateral,
                           Collection<Sensitivity> sensitivities) {

        /** Positions as reported (the overwrite rule applied to them here), collateral lines and sensitivities. */
        public static Contents of(Collection<Position> positions, Collection<CollateralLine> collateral,
                                  Collection<Sensitivity> sensitivities) {
            PositionBook book = new PositionBook();
            positions.forEach(book::apply);
            return new Contents(AccountBook.of(book.positions()), book.size(), collateral, sensitivities);
        }
    }

    /** The latest submission of this content by this principal (its highest revision), if one was committed. */
    public Optional<SubmissionRow> latest(String principal, String sha256) {
        return query("SELECT * FROM submission WHERE principal = ? AND sha256 = ? ORDER BY revision DESC",
                principal, sha256).stream().findFirst();
    }

    public Optional<SubmissionRow> byId(String id) {
        return query("SELECT * FROM submission WHERE id = ?", id).stream().findFirst();
    }

    /** Every committed submission, in the order they were received. */
    public List<SubmissionRow> submissions() {
        return query("SELECT * FROM submission ORDER BY received_at, id");
    }

    /** Every submission of this content by this principal, oldest revision first. */
    public List<SubmissionRow> history(String principal, String sha256) {
        return query("SELECT * FROM submission WHERE principal = ? AND sha256 = ? ORDER BY revision", principal,
                sha256);
    }

    /** Commits a principal's first submission of some content; see {@link #commit(Ack, String, Revision, Contents)}. */
    public boolean commit(Ack ack, String principal, Collection<Position> positions) {
        return commit(ack, principal, Revision.FIRST, Contents.of(positions, List.of(), List.of()));
    }

    /** Commits a principal's first submission of some content; see {@link #commit(Ack, String, Revision, Contents)}. */
    public boolean commit(Ack ack, String principal, Collection<Position> positions,
                          Collection<CollateralLine> collateral, Collection<Sensitivity> sensitivities) {
        return commit(ack, principal, Revision.FIRST, Contents.of(positions, collateral, sensitivities));
    }

    /**
     * Commits a submission and applies its contents to the stored state, in one transaction: positions under the
     * overwrite rule, a collateral line replacing the stored lines of its {@link CollateralLine#stateKey()}, a
     * portfolio's CRIF rows replacing its stored rows ({@link Sensitivity#portfolioKey()}).
     *
     * <p>Before it commits, the transaction counts the rows it wrote for the submission in each state table; if they
     * are not exactly the contents' booked positions, collateral lines and sensitivities, it rolls back and throws
     * {@link NotStored}: a submission is never committed with less (or more) than it booked.
     *
     * @return false, changing nothing, when this principal's content is already committed at this revision (by an
     *         earlier or a concurrent commit)
     */
    public boolean commit(Ack ack, String principal, Revision revision, Contents contents) {
        return commit(ack, principal, revision, c -> {
            StateStore.applyBook(c, ack.submissionId(), contents.positions());
            ReplaceByKey.COLLATERAL.store(c, ack.submissionId(), contents.collateral());
            ReplaceByKey.SENSITIVITIES.store(c, ack.submissionId(), contents.sensitivities());
            verify(c, ack.submissionId(), contents);
        });
    }

    /**
     * Commits a submission whose records went to the bus workers (a gateway on Kafka): the submission and the number
     * of records published for it, whose broker acknowledged every one. The state is the workers' to write (through
     * the same {@link StateStore}); {@link #unapplied()} tells which submissions they have not finished.
     *
     * @return false, changing nothing, when this principal's content is already committed at this revision
     */
    public boolean commitPublished(Ack ack, String principal, Revision revision, long published) {
        return commit(ack, principal, revision, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE submission SET published = ? WHERE id = ?")) {
                ps.setLong(1, published);
                ps.setString(2, ack.submissionId());
                if (ps.executeUpdate() != 1) {
                    throw new NotStored(ack.submissionId(), "its row was not written");
                }
            }
        });
    }

    private interface Apply {
        void to(Connection c) throws SQLException;
    }

    private boolean commit(Ack ack, String principal, Revision revision, Apply state) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                if (exists(c, principal, ack.sha256(), revision.number())) {
                    c.rollback();
                    return false;
                }
                insertSubmission(c, ack, principal, revision);
                state.to(c);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (isUniqueViolation(e) && exists(c, principal, ack.sha256(), revision.number())) {
                    return false; // a concurrent commit of the same content by the same principal won
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot commit submission " + ack.submissionId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A submission whose records the bus workers have not all applied yet.
     *
     * @param published the records the gateway published for it
     * @param applied   the identities of its records the workers have applied
     */
    public record Unapplied(String submissionId, long published, long applied) {
    }

    /**
     * The submissions published to the bus workers that the state does not hold whole yet, in the order received;
     * a submission seen complete is marked ({@code applied_at}) and not counted again.
     */
    public List<Unapplied> unapplied() {
        try (Connection c = connect()) {
            List<Unapplied> out = new ArrayList<>();
            List<String> complete = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.published, (SELECT COUNT(*) FROM "
                    + "applied_record a WHERE a.submission_id = s.id) FROM submission s WHERE s.published IS NOT NULL "
                    + "AND s.applied_at IS NULL ORDER BY s.received_at, s.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(3) >= rs.getLong(2)) {
                        complete.add(rs.getString(1));
                    } else {
                        out.add(new Unapplied(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE submission SET applied_at = ? WHERE id = ?")) {
                for (String id : complete) {
                    ps.setTimestamp(1, Timestamp.from(java.time.Instant.now()));
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot read what the bus workers applied: " + e.getMessage(), e);
        }
    }

    /** The rows the transaction holds for the submission, table by table, against what it was to store. */
    private static void verify(Connection c, String submissionId, Contents contents) throws SQLException {
        long positions = countOf(c, "position_state", submissionId);
        long collateral = countOf(c, "collateral_state", submissionId);
        long sensitivities = countOf(c, "sensitivity_state", submissionId);
        if (positions != contents.bookedPositions() || collateral != contents.collateral().size()
                || sensitivities != contents.sensitivities().size()) {
            throw new NotStored(submissionId, "the ledger received " + positions + " of "
                    + contents.bookedPositions() + " booked positions, " + collateral + " of "
                    + contents.collateral().size() + " collateral lines and " + sensitivities + " of "
                    + contents.sensitivities().size() + " sensitivities; rolled back");
        }
    }

    private static long countOf(Connection c, String table, String submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE submission_id = ?")) {
            ps.setString(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The booked positions of a firm (every account), in key order. */
    public List<Position> positions(String firmLei) {
        List<Position> out = new ArrayList<>();
        forEachPosition(firmLei, out::add);
        return out;
    }

    /**
     * Gives the booked positions of a firm (every account) in key order, one at a time as they are read, without
     * holding them ({@value #FETCH_SIZE} rows per round trip, in one read-only transaction): what the API streams
     * for a firm whose positions do not fit the gateway's heap.
     *
     * @return how many positions were given
     */
    public long forEachPosition(String firmLei, java.util.function.Consumer<Position> each) {
        try (Connection c = connect()) {
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT position_json FROM position_state WHERE firm_lei = ? ORDER BY book_key")) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, firmLei);
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(POSITION_READER.readValue(rs.getString(1)));
                        n++;
                    }
                }
                return n;
            } finally {
                c.rollback();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new LedgerException("cannot read positions of " + firmLei + ": " + e.getMessage(), e);
        }
    }

    /** Every booked position (all firms), in key order. */
    public List<Position> positions() {
        return readJson("SELECT position_json FROM position_state ORDER BY book_key", Position.class);
    }

    /** Rows fetched per round trip when the stored state is streamed ({@link #forEachPosition}). */
    static final int FETCH_SIZE = 2000;

    /**
     * Gives every booked position (all firms), in no particular order, without holding them: the rows are streamed
     * from the database ({@value #FETCH_SIZE} per round trip; PostgreSQL otherwise reads a whole result set into
     * memory before the first row) and each is parsed as it is read. The current state books them into a
     * {@link io.concord.book.SpillingBook}, which puts them in account order on disk.
     *
     * @return how many positions were given
     */
    public long forEachPosition(java.util.function.Consumer<Position> each) {
        try (Connection c = connect()) {
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            c.setReadOnly(true);
            try {
                return forEachPosition(c, each);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the booked positions: " + e.getMessage(), e);
        }
    }

    private static long forEachPosition(Connection c, java.util.function.Consumer<Position> each) {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT position_json FROM position_state")) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(POSITION_READER.readValue(rs.getString(1)));
                    n++;
                }
            }
            return n;
        } catch (SQLException | JsonProcessingException e) {
            throw new LedgerException("cannot read the booked positions: " + e.getMessage(), e);
        }
    }

    /**
     * A consistent view of the stored state for one recomputation: one read-only connection in a
     * {@code REPEATABLE READ} transaction (a snapshot on PostgreSQL and H2's MVStore), so the book's passes, the
     * collateral lines, the sensitivities and the submission ids all see the same commits, whatever is committed
     * meanwhile. Close it when done.
     */
    public Snapshot snapshot() {
        try {
            Connection c = connect();
            try {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                return new Snapshot(c, url.startsWith("jdbc:postgresql:"));
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot open a snapshot of the ledger: " + e.getMessage(), e);
        }
    }

    /** The firms some submissions' stored rows belong to (LEI order), and whether a row belongs to none. */
    public record Touched(java.util.SortedSet<String> firms, boolean unowned) {
    }

    /** See {@link #snapshot()}. */
    public static final class Snapshot implements AutoCloseable {
        private final Connection c;
        private final String booked;

        private Snapshot(Connection c, boolean postgres) {
            this.c = c;
            this.booked = "SELECT position_json, firm_lei, account FROM position_state ORDER BY "
                    + (postgres ? "firm_lei COLLATE \"C\", account COLLATE \"C\"" : "firm_lei, account");
        }

        /** The submission ids, in the order received. */
        public List<String> submissionIds() {
            return Ledger.submissionIds(c);
        }

        /** {@link Ledger#collateral()} in this snapshot. */
        public List<CollateralLine> collateral() {
            return readJson(c, COLLATERAL, CollateralLine.class);
        }

        /** {@link Ledger#sensitivities()} in this snapshot. */
        public List<Sensitivity> sensitivities() {
            return readJson(c, SENSITIVITIES, Sensitivity.class);
        }

        /**
         * Gives the CRIF rows one at a time, in the order {@link #sensitivities()} lists them, streamed from the
         * database ({@value #FETCH_SIZE} rows a round trip) without holding them.
         *
         * @return how many rows were given
         */
        public long forEachSensitivity(java.util.function.Consumer<Sensitivity> each) {
            return forEachSensitivity(SENSITIVITIES, List.of(), each);
        }

        /** {@link #forEachSensitivity(java.util.function.Consumer)} of the rows of {@code firms} (LEIs) only. */
        public long forEachSensitivity(java.util.Collection<String> firms,
                                       java.util.function.Consumer<Sensitivity> each) {
            if (firms.isEmpty()) {
                return 0;
            }
            return forEachSensitivity(SENSITIVITIES.replace(" ORDER BY", " WHERE x.firm_lei IN " + in(firms)
                    + " ORDER BY"), List.copyOf(firms), each);
        }

        private long forEachSensitivity(String sql, List<String> parameters,
                                        java.util.function.Consumer<Sensitivity> each) {
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                bind(ps, parameters);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(Json.MAPPER.readValue(rs.getString(1), Sensitivity.class));
                        n++;
                    }
                }
                return n;
            } catch (SQLException | JsonProcessingException e) {
                throw new LedgerException("cannot read the CRIF rows: " + e.getMessage(), e);
            }
        }

        /**
         * The booked positions as a book read one account at a time, straight from the database: each pass is a
         * query in firm and account order (PostgreSQL: byte order, {@code COLLATE "C"}, Java's order for every
         * character outside the surrogate range), an account's rows sorted by segregation class and book key in
         * Java. Only one account is held. A pass that meets an account out of
         * {@link io.concord.book.AccountBook#ACCOUNT_ORDER} throws {@link OutOfOrder} rather than give a wrong order
         * (the caller then sorts the state itself).
         */
        public io.concord.book.AccountBook book() {
            return book(booked, List.of());
        }

        /** {@link #book()} of the positions of {@code firms} only (LEIs; none: an empty book). */
        public io.concord.book.AccountBook book(java.util.Collection<String> firms) {
            if (firms.isEmpty()) {
                return visit -> {
                };
            }
            return book(booked.replace(" ORDER BY", " WHERE firm_lei IN " + in(firms) + " ORDER BY"),
                    List.copyOf(firms));
        }

        /**
         * How many positions are booked for {@code firms} (LEIs): a count over the firms' index entries (a count of
         * every position would read the whole table in a snapshot).
         */
        public long positionCount(java.util.Collection<String> firms) {
            if (firms.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM position_state WHERE firm_lei IN "
                    + in(firms))) {
                bind(ps, List.copyOf(firms));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new LedgerException("cannot count the booked positions: " + e.getMessage(), e);
            }
        }

        /**
         * The firms whose stored rows {@code submissionIds} wrote (positions, collateral lines, CRIF rows), and
         * whether any of those rows belongs to no firm.
         */
        public Touched touched(List<String> submissionIds) {
            java.util.TreeSet<String> firms = new java.util.TreeSet<>();
            boolean unowned = false;
            if (submissionIds.isEmpty()) {
                return new Touched(firms, false);
            }
            String in = in(submissionIds);
            for (String sql : List.of("SELECT DISTINCT firm_lei FROM position_state WHERE submission_id IN " + in,
                    "SELECT DISTINCT owner_lei FROM collateral_state WHERE submission_id IN " + in,
                    "SELECT DISTINCT firm_lei FROM sensitivity_state WHERE submission_id IN " + in)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, submissionIds);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String firm = rs.getString(1);
                            if (firm == null) {
                                unowned = true;
                            } else {
                                firms.add(firm.trim());
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new LedgerException("cannot read what " + submissionIds + " stored: " + e.getMessage(), e);
                }
            }
            return new Touched(firms, unowned);
        }

        private io.concord.book.AccountBook book(String sql, List<String> parameters) {
            return visit -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(FETCH_SIZE);
                    bind(ps, parameters);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<Position> group = new ArrayList<>();
                        Position[] last = new Position[1];
                        String firm = null;
                        String account = null;
                        while (rs.next()) {
                            String f = rs.getString(2);
                            String a = rs.getString(3);
                            if (!group.isEmpty() && !(f.equals(firm) && a.equals(account))) {
                                give(group, last, visit);
                                group = new ArrayList<>();
                            }
                            firm = f;
                            account = a;
                            group.add(POSITION_READER.readValue(rs.getString(1)));
                        }
                        if (!group.isEmpty()) {
                            give(group, last, visit);
                        }
                    }
                } catch (SQLException | JsonProcessingException e) {
                    throw new LedgerException("cannot read the booked positions: " + e.getMessage(), e);
                }
            };
        }

        /** Every booked position, in no order, streamed ({@link Ledger#forEachPosition}) in this snapshot. */
        public long forEachPosition(java.util.function.Consumer<Position> each) {
            return Ledger.forEachPosition(c, each);
        }

        @Override
        public void close() {
            try (c) {
                c.rollback();
            } catch (SQLException e) {
                // a read-only transaction: nothing to keep
            }
        }
    }

    private static final java.util.Comparator<Position> IN_ACCOUNT = io.concord.book.AccountBook.ACCOUNT_ORDER
            .thenComparing(Position::bookKey);

    /** One firm + account's rows: sorted, split by segregation class, each part checked to follow the last. */
    private static void give(List<Position> group, Position[] last,
                             java.util.function.Consumer<List<Position>> visit) {
        group.sort(IN_ACCOUNT);
        if (last[0] != null && io.concord.book.AccountBook.ACCOUNT_ORDER.compare(last[0], group.get(0)) >= 0) {
            throw new OutOfOrder(last[0], group.get(0));
        }
        last[0] = group.get(group.size() - 1);
        io.concord.book.AccountBook.groups(group, visit);
    }

    /** The database gave the accounts in another order than Java's (a collation that differs). */
    public static final class OutOfOrder extends RuntimeException {
        OutOfOrder(Position before, Position after) {
            super("the ledger gave account " + after.firmLei() + "/" + after.account() + " after "
                    + before.firmLei() + "/" + before.account());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectReader POSITION_READER =
            Json.MAPPER.readerFor(Position.class);

    /** The stored collateral lines (all firms) in the order they arrived: by submission, then within it. */
    public List<CollateralLine> collateral() {
        return readJson(COLLATERAL, CollateralLine.class);
    }

    /** The stored CRIF sensitivities (all firms) in the order they arrived: by submission, then within it. */
    public List<Sensitivity> sensitivities() {
        return readJson(SENSITIVITIES, Sensitivity.class);
    }

    /** The ids of every committed submission, in the order they were received. */
    public List<String> submissionIds() {
        try (Connection c = connect()) {
            return submissionIds(c);
        } catch (SQLException e) {
            throw new LedgerException("cannot list submissions: " + e.getMessage(), e);
        }
    }

    private static List<String> submissionIds(Connection c) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM submission ORDER BY received_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot list submissions: " + e.getMessage(), e);
        }
    }

    /**
     * A state table's rows in the order the state lists them: by submission in the order received, a submission's
     * rows by line number. Rows a bus worker wrote before (or without) the gateway's submission row come last, in
     * the order published (a worker's line number is the record's publish order).
     */
    private static String inOrder(String jsonColumn, String table) {
        return "SELECT x." + jsonColumn + " FROM " + table + " x LEFT JOIN submission s ON s.id = x.submission_id "
                + "ORDER BY s.received_at NULLS LAST, s.id NULLS LAST, x.line_no";
    }

    private static final String COLLATERAL = inOrder("line_json", "collateral_state");
    private static final String SENSITIVITIES = inOrder("sensitivity_json", "sensitivity_state");

    private <T> List<T> readJson(String sql, Class<T> type) {
        try (Connection c = connect()) {
            return readJson(c, sql, type);
        } catch (SQLException e) {
            throw new LedgerException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> List<T> readJson(Connection c, String sql, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql);
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
        if (!table.matches("submission|position_state|collateral_state|sensitivity_state|applied_record")) {
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

    /**
     * A connection; on PostgreSQL with {@code reWriteBatchedInserts} (unless the URL sets it), so a batch of INSERTs
     * (collateral lines, sensitivities) travels as multi-row statements.
     */
    private Connection connect() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user == null ? "" : user);
        props.setProperty("password", password == null ? "" : password);
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            props.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(url, props);
    }

    private static boolean exists(Connection c, String principal, String sha256, int revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM submission WHERE principal = ? AND sha256 = ? AND revision = ?")) {
            ps.setString(1, principal);
            ps.setString(2, sha256);
            ps.setInt(3, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertSubmission(Connection c, Ack ack, String principal, Revision revision)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO submission (id, sha256, feed, file_name, "
                + "principal, received_at, status, received, accepted, rejected, mappings_version, revision, "
                + "supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            ps.setInt(12, revision.number());
            ps.setString(13, revision.supersedes());
            ps.executeUpdate();
        }
    }

    /**
     * The most values a snapshot's IN list takes ({@link Snapshot#book(java.util.Collection)} and the others of some
     * firms or submissions): well under every driver's limit of bound parameters (PostgreSQL 32,767). A caller with
     * more reads the whole state instead.
     */
    public static final int IN_LIST_MAX = 1_000;

    /** {@code (?, ?, ...)} for {@code n} values. */
    static String in(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** {@link #in(int)} for {@code values}; refuses more than {@link #IN_LIST_MAX}. */
    private static String in(java.util.Collection<String> values) {
        if (values.size() > IN_LIST_MAX) {
            throw new IllegalArgumentException(values.size() + " values in one IN list; at most " + IN_LIST_MAX);
        }
        return in(values.size());
    }

    /** Binds {@code values} to the statement's parameters from the first. */
    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    private List<SubmissionRow> query(String sql, String... args) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<SubmissionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SubmissionRow(rs.getString("id"), rs.getString("sha256"), rs.getString("feed"),
                            rs.getString("file_name"), rs.getString("principal"),
                            rs.getTimestamp("received_at").toInstant(), Ack.Status.valueOf(rs.getString("status")),
                            rs.getLong("received"), rs.getLong("accepted"), rs.getLong("rejected"),
                            rs.getString("mappings_version"), rs.getInt("revision"), rs.getString("supersedes")));
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
    public static class LedgerException extends RuntimeException {
        public LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A commit that would have stored other counts than the submission booked: rolled back, nothing stored. */
    public static final class NotStored extends LedgerException {
        public NotStored(String submissionId, String why) {
            super("submission " + submissionId + " was not stored: " + why, null);
        }
    }
}
