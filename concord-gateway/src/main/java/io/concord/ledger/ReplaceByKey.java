package io.concord.ledger;

import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

/**
 * The state rule for collateral lines and CRIF sensitivities, the same in every state store (the gateway's
 * {@link Ledger} and the bus workers' state): a submission's rows replace the stored rows of the same key that came
 * from other (earlier) submissions, and the rows of one submission that share a key are all kept. A collateral
 * line's key is {@link CollateralLine#stateKey()} (owner, business date, account, segregation class, location,
 * asset, purpose, direction); a CRIF row's is {@link Sensitivity#portfolioKey()} (firm, portfolio, segregation
 * class), since SIMM nets a portfolio as a whole.
 *
 * @param <T> the row's type
 */
public record ReplaceByKey<T>(String keyColumn, Function<T, String> key) {

    /** Collateral lines, keyed in column {@code line_key}. */
    public static final ReplaceByKey<CollateralLine> COLLATERAL = new ReplaceByKey<>("line_key",
            CollateralLine::stateKey);
    /** CRIF rows, keyed in column {@code portfolio_key}. */
    public static final ReplaceByKey<Sensitivity> SENSITIVITIES = new ReplaceByKey<>("portfolio_key",
            Sensitivity::portfolioKey);

    /**
     * Deletes from {@code table} the rows of the given keys stored by submissions other than {@code submissionId}
     * (in the caller's transaction); the caller then inserts the submission's rows. Rows the same submission stored
     * earlier (a submission that reaches a bus worker in several deliveries) stay.
     */
    public void removeReplaced(Connection c, String table, String submissionId, Collection<String> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn
                + " = ? AND submission_id <> ?")) {
            for (String k : keys) {
                del.setString(1, k);
                del.setString(2, submissionId);
                del.addBatch();
            }
            del.executeBatch();
        }
    }
}
