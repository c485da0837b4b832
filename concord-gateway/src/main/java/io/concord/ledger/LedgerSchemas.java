package io.concord.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Throw-away PostgreSQL schemas for a measurement (the bench's ledger), so it never touches another's tables. */
public final class LedgerSchemas {

    private LedgerSchemas() {
    }

    /** A schema of its own on the PostgreSQL server at {@code url}, and the URL that uses it; null when none answers. */
    public static String[] create(String url, String user, String password, String prefix) {
        String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            return new String[] {schema, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema};
        } catch (SQLException e) {
            return null;
        }
    }

    /** Drops the schema again; a failure is printed, not thrown (the measurement is done). */
    public static void drop(String url, String user, String password, String schema) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("cannot drop schema " + schema + ": " + e.getMessage());
        }
    }
}
