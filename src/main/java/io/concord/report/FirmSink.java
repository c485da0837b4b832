package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginRun;
import io.concord.margin.MarginSink;
import io.concord.model.Position;

import java.util.List;
import java.util.Objects;

/**
 * A {@link MarginSink} that writes one output per firm: the accounts of a firm arrive together, so a firm's file is
 * opened at its first account and finished when the next firm (or the end) arrives. Subclasses see
 * {@link #startFirm}, each of the firm's accounts, then {@link #endFirm}, for every firm in the stream, including one
 * whose accounts hold only positions of earlier dates (no account margined: a subclass that writes margin skips it).
 */
public abstract class FirmSink implements MarginSink {

    private MarginRun run;
    private String firm;
    private boolean open;

    @Override
    public void begin(MarginRun run) {
        this.run = run;
    }

    /** The run being written (set by {@link #begin}). */
    protected MarginRun run() {
        return run;
    }

    @Override
    public final void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
        if (!open || !Objects.equals(firm, account.firm())) {
            if (open) {
                endFirm(firm);
            }
            firm = account.firm();
            open = true;
            startFirm(firm);
        }
        firmAccount(account, margin, positions);
    }

    @Override
    public final void end() {
        if (open) {
            endFirm(firm);
            open = false;
        }
        finish();
    }

    /** The first account of {@code firm} is next. */
    protected abstract void startFirm(String firm);

    /** One account of the current firm ({@code margin} null: positions of earlier dates only). */
    protected abstract void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions);

    /** The firm's last account has been given. */
    protected abstract void endFirm(String firm);

    /** After the last firm; nothing by default. */
    protected void finish() {
    }
}
