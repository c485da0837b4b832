package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginRun;
import io.concord.margin.MarginSink;
import io.concord.model.Position;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code margin/margin.json} written as accounts are margined: the report's fields, then each margined account as
 * it arrives (see {@link io.concord.margin.MarginReport} for the shape).
 */
public final class MarginJson implements MarginSink {

    private final Path file;
    private JsonDocumentWriter json;

    public MarginJson(Path file) {
        this.file = file;
    }

    @Override
    public void begin(MarginRun run) {
        json = new JsonDocumentWriter(file, run.report(List.of()), "accounts");
    }

    @Override
    public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
        if (margin != null) {
            json.add(margin);
        }
    }

    @Override
    public void end() {
        json.close();
    }
}
