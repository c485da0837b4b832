package io.concord.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The two databases a ledger test runs on: an embedded H2 file database and a schema of its own on the PostgreSQL
 * server ({@link TestPostgres}: the machine's, or one started for the tests). Registered as an extension
 * ({@code @RegisterExtension static final LedgerDatabases DATABASES = new LedgerDatabases();}), it drops its schemas
 * and deletes its H2 files after the test class.
 */
public final class LedgerDatabases implements AfterAllCallback {

    private final List<String> schemas = new ArrayList<>();
    private Path dir;

    /** A fresh H2 database and a fresh PostgreSQL schema, as JDBC URLs. */
    public synchronized Stream<String> urls() throws SQLException, IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("concord-ledger-");
        }
        String schema = TestPostgres.get().newSchema();
        schemas.add(schema);
        return Stream.of("jdbc:h2:file:" + dir.resolve("ledger-" + UUID.randomUUID()) + ";DB_CLOSE_DELAY=0",
                TestPostgres.get().urlFor(schema));
    }

    /** The user to connect to {@code url} as. */
    public static String user(String url) {
        return url.startsWith("jdbc:postgresql") ? TestPostgres.get().user() : "sa";
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws SQLException, IOException {
        for (String schema : schemas) {
            TestPostgres.get().dropSchema(schema);
        }
        schemas.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            dir = null;
        }
    }
}
