package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.model.Position;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link MarginSink} that writes one output per firm: the accounts of a firm arrive together, so a firm's file is
 * opened at its first account and finished when the next firm (or the end) arrives. Subclasses see
 * {@link #startFirm}, each of the firm's accounts, then {@link #endFirm}, for every firm in the stream, including one
 * whose accounts hold only positions of earlier dates (no account margined: a subclass that writes margin skips it).
 *
 * <p>One firm's output failing is that firm's error, not the run's: when a subclass throws while it writes a firm
 * (its data breaks a limit of the format, say), the firm's output is abandoned ({@link #abandonFirm}: no partial
 * file is left), the reason is kept ({@link #failures()}), the firm's other accounts are skipped, and the next firm
 * is written as usual.
 */
public abstract class FirmSink implements MarginSink {

    private MarginRun run;
    private String firm;
    private boolean open;
    private final Map<String, String> failures = new LinkedHashMap<>();

    @Override
    public void begin(MarginRun run) {
        this.run = run;
    }

    /** The run being written (set by {@link #begin}). */
    protected MarginRun run() {
        return run;
    }

    /** The firms whose output failed, with why, in the order they failed. */
    public Map<String, String> failures() {
        return Collections.unmodifiableMap(failures);
    }

    /**
     * The account's output prepared on a margin thread ({@link #prepareAccount}); a failure there is the firm's,
     * recorded when the account's turn comes.
     */
    @Override
    public final Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
        try {
            return prepareAccount(account, margin, positions);
        } catch (RuntimeException e) {
            return () -> {
                enter(account.firm());
                fail(e);
            };
        }
    }

    /**
     * What {@link MarginSink#prepare} does for a subclass: by default nothing ahead, {@link #account} does all the
     * work; a subclass that formats on the margin threads returns a write that ends by calling {@link #account}.
     */
    protected Runnable prepareAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
        return () -> account(account, margin, positions);
    }

    @Override
    public final void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
        enter(account.firm());
        if (!failures.containsKey(firm)) {
            guarded(() -> firmAccount(account, margin, positions));
        }
    }

    /** Makes {@code next} the current firm, ending the one before. */
    private void enter(String next) {
        if (!open || !Objects.equals(firm, next)) {
            if (open) {
                close();
            }
            firm = next;
            open = true;
            if (!failures.containsKey(firm)) {
                guarded(() -> startFirm(firm));
            }
        }
    }

    private void close() {
        if (!failures.containsKey(firm)) {
            guarded(() -> endFirm(firm));
        }
        open = false;
    }

    private void guarded(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** The current firm's output failed: abandoned, and why kept. */
    private void fail(RuntimeException e) {
        if (failures.containsKey(firm)) {
            return;
        }
        failures.put(firm, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        try {
            abandonFirm(firm);
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
    }

    @Override
    public final void end() {
        if (open) {
            close();
        }
        finish();
    }

    /** The first account of {@code firm} is next. */
    protected abstract void startFirm(String firm);

    /** One account of the current firm ({@code margin} null: positions of earlier dates only). */
    protected abstract void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions);

    /** The firm's last account has been given. */
    protected abstract void endFirm(String firm);

    /**
     * Writing {@code firm} failed: discard what was opened for it, leaving no file of it (its other accounts and
     * {@link #endFirm} will not come).
     */
    protected abstract void abandonFirm(String firm);

    /** After the last firm; nothing by default. */
    protected void finish() {
    }

    /**
     * Runs {@code write} of {@code lei}'s output outside the account stream (a firm written after the last one, in
     * {@link #finish}) with the same isolation: a failure is the firm's, its output abandoned.
     */
    protected void isolated(String lei, Runnable write) {
        firm = lei;
        open = false;
        guarded(write);
    }
}
