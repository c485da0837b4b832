package io.concord.ledger;

import org.flywaydb.core.Flyway;

/**
 * The one schema of Concord's state store, shared by the gateway's {@link Ledger} and the bus workers' state: SQL
 * migrations under {@code db/migration}, and Java migrations (those that must read stored JSON) in
 * {@code io.concord.ledger.migration}. Whoever opens the database first brings it to the latest version.
 */
public final class StateSchema {

    private StateSchema() {
    }

    /** Migrates the database at {@code url} to the latest schema version. */
    public static void migrate(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:io/concord/ledger/migration")
                .load().migrate();
    }
}
