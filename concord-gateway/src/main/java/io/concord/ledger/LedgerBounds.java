package io.concord.ledger;

import io.concord.feed.RecordFailure;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.ReasonCode;
import io.concord.model.Sensitivity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The longest value each ledger column holds (the Flyway schema under {@code db/migration}: {@code position_state},
 * {@code collateral_state}, {@code sensitivity_state}, {@code submission}, {@code applied_record}),
 * checked before anything is written: a record with a longer value is rejected
 * on its own with {@code INVALID_VALUE} and its location, so it never fails the commit of the others.
 */
public final class LedgerBounds {

    /** {@code firm_lei}, {@code owner_lei}: CHAR(20) / VARCHAR(20). */
    public static final int LEI = 20;
    /** {@code account}: VARCHAR(128) in every state table. */
    public static final int ACCOUNT = 128;
    /** {@code book_key}, {@code line_key}: VARCHAR(2000). */
    public static final int STATE_KEY = 2000;
    /** {@code portfolio_key}: VARCHAR(1000). */
    public static final int PORTFOLIO_KEY = 1000;
    /** {@code submission.file_name}: VARCHAR(512). */
    public static final int FILE_NAME = 512;
    /** {@code submission.principal}: VARCHAR(128). */
    public static final int PRINCIPAL = 128;
    /** {@code submission.id}: VARCHAR(100). */
    public static final int SUBMISSION_ID = 100;

    private LedgerBounds() {
    }

    /** One stored field of a record: its name and how it is read. */
    private record Field<T>(String name, int max, Function<T, String> value) {
    }

    private static final List<Field<Position>> POSITION = List.of(
            new Field<>("firm_lei", LEI, Position::firmLei),
            new Field<>("account", ACCOUNT, Position::account),
            new Field<>("book_key", STATE_KEY, Position::bookKey));
    private static final List<Field<CollateralLine>> COLLATERAL = List.of(
            new Field<>("owner_lei", LEI, CollateralLine::ownerLei),
            new Field<>("account", ACCOUNT, CollateralLine::account),
            new Field<>("line_key", STATE_KEY, CollateralLine::stateKey));
    private static final List<Field<Sensitivity>> SENSITIVITY = List.of(
            new Field<>("firm_lei", LEI, Sensitivity::firmLei),
            new Field<>("account", ACCOUNT, Sensitivity::account),
            new Field<>("portfolio_key", PORTFOLIO_KEY, Sensitivity::portfolioKey));

    /**
     * The batch with every record whose stored fields fit the ledger, and a failure ({@code INVALID_VALUE}, the
     * field, its length and the column's maximum) for each that does not; counts still reconcile.
     */
    public static NormalizedBatch admit(NormalizedBatch batch) {
        List<RecordFailure> failures = new ArrayList<>(batch.failures());
        List<Position> positions = fitting(batch.positions(), POSITION, Position::lineage, failures);
        List<CollateralLine> collateral = fitting(batch.collateral(), COLLATERAL, CollateralLine::lineage, failures);
        List<Sensitivity> sensitivities = fitting(batch.sensitivities(), SENSITIVITY, Sensitivity::lineage, failures);
        if (failures.size() == batch.failures().size()) {
            return batch;
        }
        return new NormalizedBatch(batch.source(), batch.sequence(), batch.last(), positions, collateral,
                sensitivities, failures);
    }

    private static <T> List<T> fitting(List<T> items, List<Field<T>> fields, Function<T, Lineage> lineage,
                                       List<RecordFailure> failures) {
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            Optional<RecordFailure> f = check(item, fields, lineage.apply(item));
            if (f.isPresent()) {
                failures.add(f.get());
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private static <T> Optional<RecordFailure> check(T item, List<Field<T>> fields, Lineage l) {
        for (Field<T> f : fields) {
            String v = f.value().apply(item);
            if (v != null && v.length() > f.max()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put(f.name(), excerpt(v));
                return Optional.of(new RecordFailure(l.feed(), l.file(), l.record(), l.location(),
                        ReasonCode.INVALID_VALUE, f.name(), f.name() + " is " + v.length()
                        + " characters long; the ledger stores at most " + f.max(), attrs));
            }
        }
        return Optional.empty();
    }

    /** The start of a value too long to repeat whole, marked as cut. */
    static String excerpt(String v) {
        return v.length() <= 64 ? v : v.substring(0, 64) + "... (" + v.length() + " characters)";
    }

    /**
     * A file name that fits every place it is kept: at most {@code max} characters, its extension kept; a longer
     * one keeps its start, then {@code ~}, then the extension.
     */
    public static String fileName(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        return name.substring(0, max - ext.length() - 1) + "~" + ext;
    }
}
