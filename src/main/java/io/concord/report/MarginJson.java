package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginRun;
import io.concord.model.Position;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code margin/margin.json} and each firm's {@code reports/<LEI>/margin.json} written as accounts are margined:
 * the report's fields, then each margined account as it arrives (see {@link io.concord.margin.MarginReport} and
 * {@link FirmMarginJson} for the shapes). An account is formatted once, on a margin thread, and the same text goes to
 * both files. A firm with no margined account gets no file of its own.
 */
public final class MarginJson extends FirmSink {

    private final Path marginFile;
    private final Path reportsDir;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private JsonDocumentWriter market;
    private JsonDocumentWriter firm;
    /** The formatted text of the account being written (set just before {@link #account}). */
    private String text;

    public MarginJson(Path marginFile, Path reportsDir) {
        this.marginFile = marginFile;
        this.reportsDir = reportsDir;
    }

    /** The firms' files written, by firm LEI. */
    public Map<String, Path> files() {
        return files;
    }

    @Override
    public void begin(MarginRun run) {
        super.begin(run);
        market = new JsonDocumentWriter(marginFile, run.report(List.of()), "accounts");
    }

    @Override
    public Runnable prepare(MarginAccount account, AccountMargin margin, List<Position> positions) {
        String formatted = margin == null ? null : JsonDocumentWriter.element(margin);
        return () -> {
            text = formatted;
            account(account, margin, positions);
        };
    }

    @Override
    protected void startFirm(String lei) {
        firm = null;
    }

    @Override
    protected void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
        if (margin == null) {
            return;
        }
        String formatted = text != null ? text : JsonDocumentWriter.element(margin);
        text = null;
        if (firm == null) {
            MarginRun r = run();
            firm = new JsonDocumentWriter(reportsDir.resolve(account.firm()).resolve(FirmMarginJson.FILE_NAME),
                    new FirmMarginJson.FirmMargin(account.firm(), r.asOf(), r.mappingsVersion(),
                            r.parametersVersion(), r.whatIf(), List.of()), "accounts");
        }
        market.add(formatted);
        firm.add(formatted);
    }

    @Override
    protected void endFirm(String lei) {
        if (firm != null) {
            firm.close();
            files.put(lei, firm.file());
            firm = null;
        }
    }

    @Override
    protected void finish() {
        market.close();
    }
}
