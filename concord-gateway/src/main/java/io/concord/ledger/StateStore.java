package io.concord.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.concord.book.AccountBook;
import io.concord.book.PositionBook;
import io.concord.model.Position;
import io.concord.report.Json;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one writer of Concord's state: the tables {@code position_state}, {@code collateral_state} and
 * {@code sensitivity_state} of {@link StateSchema}, under one rule. Positions: the latest state of each position key
 * under the Part 17 overwrite rule ({@link PositionBook}, the stored state first, then the new reports in order),
 * each row naming the submission and record its latest report came from. Collateral lines and CRIF rows:
 * {@link ReplaceByKey}. Two callers write through it, each in a transaction of its own: the gateway's
 * {@link Ledger} commits a whole submission ({@link #applyBook}) with its ack, and a bus worker applies a delivery
 * of records from the Kafka topics ({@link #applyPositions}) with their identities. Whichever wrote it, the same
 * submissions in the same order leave the same rows.
 */
public final class StateStore {

    private StateStore() {
    }

    /**
     * Positions applied per round: their stored state read (in SELECTs of at most {@link #KEYS_PER_SELECT} keys), the
     * stored rows they replace deleted in one batch, the new rows written in one batch (PostgreSQL: one COPY).
     */
    static final int CHUNK = 5000;
    /** Keys per SELECT of stored state: well inside every database's limit of bind parameters. */
    static final int KEYS_PER_SELECT = 1000;

    private static final com.fasterxml.jackson.databind.ObjectWriter POSITION_JSON = Json.MAPPER.writerFor(Position.class);
    private static final String POSITION_COLUMNS = "book_key, firm_lei, account, as_of, submission_id, record_no, "
            + "position_json";

    /**
     * Applies reports in the order given (a bus worker's delivery, records of several submissions) against the
     * stored state under the overwrite rule; a key reported twice is applied twice, in order. Each resulting row
     * names the submission of the report applied last to its key.
     */
    public static void applyPositions(Connection c, List<Position> positions) throws SQLException {
        boolean copy = c.isWrapperFor(org.postgresql.PGConnection.class);
        // every chunk looks up its keys (an empty map): a key may come again in a later chunk of the same delivery
        for (int from = 0; from < positions.size(); from += CHUNK) {
            try {
                applyStored(c, p -> p.lineage().submissionId(),
                        positions.subList(from, Math.min(positions.size(), from + CHUNK)), copy, Map.of());
            } catch (IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Applies a submission's final book (one state per key) against the stored state under the overwrite rule: the
     * same {@link PositionBook} logic as a run's, read account by account from the book (which may live on disk)
     * and applied a chunk of positions at a time, so neither memory nor round trips grow with the book. Every row
     * written names {@code submissionId}.
     */
    static void applyBook(Connection c, String submissionId, AccountBook positions) throws SQLException {
        boolean copy = c.isWrapperFor(org.postgresql.PGConnection.class);
        Function<Position, String> submission = p -> submissionId;
        List<Position> chunk = new ArrayList<>(CHUNK);
        Map<String, Boolean> firmsStored = new java.util.HashMap<>();
        try {
            positions.forEachAccount(account -> {
                for (Position p : account) {
                    if (!firmsStored.containsKey(p.firmLei())) {
                        // asked when the firm is first seen, before any of this submission's rows of it are written
                        firmsStored.put(p.firmLei(), firmHasRows(c, p.firmLei()));
                    }
                    chunk.add(p);
                    if (chunk.size() == CHUNK) {
                        applyChunk(c, submission, chunk, copy, firmsStored);
                        chunk.clear();
                    }
                }
            });
        } catch (Unchecked e) {
            throw e.getCause();
        }
        if (!chunk.isEmpty()) {
            applyChunk(c, submission, chunk, copy, firmsStored);
        }
    }

    /**
     * Whether the state holds any position of {@code firmLei} (one index probe). A book key starts with its firm's
     * LEI, so a firm with no stored position has no stored state for any key of this submission: its keys need not
     * be looked up one by one. (The keys of one submission's book are distinct, so its own earlier chunks never
     * hold a key of a later one.)
     */
    private static boolean firmHasRows(Connection c, String firmLei) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM position_state WHERE firm_lei = ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, firmLei);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new Unchecked(e);
        }
    }

    /** An SQL failure carried out of the book's callback. */
    private static final class Unchecked extends RuntimeException {
        Unchecked(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private static void applyChunk(Connection c, Function<Position, String> submission, List<Position> chunk,
                                   boolean copy, Map<String, Boolean> firmsStored) {
        try {
            applyStored(c, submission, chunk, copy, firmsStored);
        } catch (SQLException | IOException e) {
            throw new Unchecked(e instanceof SQLException s ? s : new SQLException("COPY failed: " + e.getMessage(), e));
        }
    }

    /**
     * One chunk: the stored state of its keys first, then the chunk's positions over it; the stored rows of those
     * keys are deleted (only they: a key not stored has nothing to delete) and every resulting state is inserted.
     */
    private static void applyStored(Connection c, Function<Position, String> submission, List<Position> chunk,
                                    boolean copy, Map<String, Boolean> firmsStored) throws SQLException, IOException {
        Map<String, Position> reported = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(chunk.size());
        for (Position p : chunk) {
            String key = p.bookKey();
            // only the keys of firms the state holds anything of can have a stored state to look up
            if (reported.put(key, p) == null && !Boolean.FALSE.equals(firmsStored.get(p.firmLei()))) {
                keys.add(key);
            }
        }
        PositionBook book = new PositionBook();
        Set<String> stored = new java.util.HashSet<>();
        try {
            for (int from = 0; from < keys.size(); from += KEYS_PER_SELECT) {
                List<String> part = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_SELECT));
                try (PreparedStatement ps = c.prepareStatement(part.size() == KEYS_PER_SELECT ? SELECT_STORED
                        : selectStored(part.size()))) {
                    int i = 1;
                    for (String key : part) {
                        ps.setString(i++, key);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stored.add(rs.getString(1));
                            book.apply(Json.MAPPER.readValue(rs.getString(2), Position.class));
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new Ledger.LedgerException("stored position is not readable: " + e.getMessage(), e);
        }
        Map<String, Position> result;
        if (stored.isEmpty() && reported.size() == chunk.size()) {
            result = reported; // no stored state and one report per key: the reports are the states
        } else {
            chunk.forEach(book::apply);
            result = book.byKey();
        }
        if (!stored.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM position_state WHERE book_key = ?")) {
                for (String key : stored) {
                    del.setString(1, key);
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
        if (copy) {
            copyPositions(c, submission, result);
        } else {
            insertPositions(c, submission, result);
        }
    }

    private static final String SELECT_STORED = selectStored(KEYS_PER_SELECT);

    private static String selectStored(int keys) {
        return "SELECT book_key, position_json FROM position_state WHERE book_key IN " + Ledger.in(keys);
    }

    private static void insertPositions(Connection c, Function<Position, String> submission,
                                        Map<String, Position> positions)
            throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO position_state (" + POSITION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Position> e : positions.entrySet()) {
                Position p = e.getValue();
                ins.setString(1, e.getKey());
                ins.setString(2, p.firmLei());
                ins.setString(3, p.account());
                ins.setObject(4, p.asOf());
                ins.setString(5, submission.apply(p));
                ins.setLong(6, p.lineage().record());
                ins.setString(7, positionJson(p));
                ins.addBatch();
            }
            written(ins.executeBatch(), positions.size(), "booked positions");
        }
    }

    /**
     * PostgreSQL: the chunk's rows in one {@code COPY ... FROM STDIN} (text format), several times faster than
     * batched INSERTs; the rows go through the same constraints, in the same transaction.
     */
    private static void copyPositions(Connection c, Function<Position, String> submission,
                                      Map<String, Position> positions)
            throws SQLException, IOException {
        StringBuilder rows = new StringBuilder(positions.size() * 900);
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            Position p = e.getValue();
            copyField(rows, e.getKey()).append('\t');
            copyField(rows, p.firmLei()).append('\t');
            copyField(rows, p.account()).append('\t');
            copyField(rows, p.asOf() == null ? null : p.asOf().toString()).append('\t');
            copyField(rows, submission.apply(p)).append('\t');
            rows.append(p.lineage().record()).append('\t');
            copyField(rows, positionJson(p)).append('\n');
        }
        long copied = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY position_state ("
                + POSITION_COLUMNS + ") FROM STDIN", new java.io.StringReader(rows.toString()));
        if (copied != positions.size()) {
            throw new SQLException("COPY wrote " + copied + " of " + positions.size() + " positions");
        }
    }

    /** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as {@code \N}. */
    private static StringBuilder copyField(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    private static String positionJson(Position p) {
        try {
            return POSITION_JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new Ledger.LedgerException("cannot store position: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a batch of single-row statements wrote {@code expected} rows: nothing is committed with less (or
     * more) than it carried. {@link java.sql.Statement#SUCCESS_NO_INFO} (PostgreSQL's rewritten batches) counts as
     * the one row its INSERT wrote.
     */
    public static void written(int[] counts, int expected, String what) throws SQLException {
        long rows = 0;
        for (int n : counts) {
            rows += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
        if (rows != expected) {
            throw new SQLException("the state received " + rows + " of " + expected + " " + what);
        }
    }
}
