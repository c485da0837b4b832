package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginRun;
import io.concord.model.Position;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code margin/margin.json} and each firm's {@code reports/<LEI>/margin.json} written as accounts are margined:
 * the report's fields, then each margined account as it arrives (see {@link io.concord.margin.engine.MarginReport} and
 * {@link FirmMarginJson} for the shapes). An account is formatted once, on a margin thread, and the same text goes to
 * both files. A firm's file also states the records it sent that were rejected ({@link FirmExceptions}); a firm with
 * no margined account gets a file of its own only when it has such records (its {@code accounts} then empty).
 */
public final class MarginJson extends FirmSink {

    private final Path marginFile;
    private final Path reportsDir;
    private final FirmExceptions exceptions;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private JsonDocumentWriter market;
    private JsonDocumentWriter firm;
    /** The formatted text of the account being written (set just before {@link #account}). */
    private String text;

    public MarginJson(Path marginFile, Path reportsDir, FirmExceptions exceptions) {
        this.marginFile = marginFile;
        this.reportsDir = reportsDir;
        this.exceptions = exceptions;
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
    protected Runnable prepareAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
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
            firm = open(account.firm());
        }
        market.add(formatted);
        firm.add(formatted);
    }

    /** The firm's margin.json, opened with its header and its rejected records (written after the accounts). */
    private JsonDocumentWriter open(String lei) {
        MarginRun r = run();
        return new JsonDocumentWriter(reportsDir.resolve(lei).resolve(FirmMarginJson.FILE_NAME),
                new FirmMarginJson.FirmMargin(lei, r.asOf(), r.mappingsVersion(), r.parametersVersion(), r.whatIf(),
                        List.of(), exceptions.rejected(lei)), "accounts");
    }

    @Override
    protected void endFirm(String lei) {
        if (firm == null && exceptions.count(lei) > 0) {
            firm = open(lei);
        }
        if (firm != null) {
            firm.close();
            files.put(lei, firm.file());
            firm = null;
        }
    }

    @Override
    protected void abandonFirm(String lei) {
        text = null;
        if (firm != null) {
            firm.discard();
            firm = null;
        }
    }

    /** The firms with rejected records and no account in the run get a margin.json of their own too. */
    @Override
    protected void finish() {
        market.close();
        for (String lei : exceptions.firms()) {
            if (!files.containsKey(lei) && !failures().containsKey(lei)) {
                isolated(lei, () -> {
                    firm = open(lei);
                    endFirm(lei);
                });
            }
        }
    }
}
