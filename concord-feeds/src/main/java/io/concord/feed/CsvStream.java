package io.concord.feed;

import io.concord.model.ReasonCode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What every header-driven CSV feed's stream shares: the header must name the required columns (and one of an
 * either/or pair), each row is read as a record with its line, a row whose field count differs from the header's
 * is rejected, and an unreadable file ends the stream with one failure saying after which record.
 */
public abstract class CsvStream extends PullStream {

    private final List<String> required;
    private final String eitherColumn;
    private final String orColumn;
    private CsvTable table;
    private long record;

    /** A stream whose header needs {@code required} and at least one of {@code eitherColumn}, {@code orColumn}. */
    protected CsvStream(InputStream in, SourceFile source, List<String> required, String eitherColumn,
                        String orColumn) {
        super(in, source);
        this.required = List.copyOf(required);
        this.eitherColumn = eitherColumn;
        this.orColumn = orColumn;
    }

    /** The current row as a record; {@code f} already carries its location and any field-count problem. */
    protected abstract FeedItem row(CsvTable t, Fields f, long record);

    @Override
    protected final FeedItem advance() {
        try {
            if (table == null) {
                table = CsvTable.open(in);
                FeedItem headerProblem = header();
                if (headerProblem != null) {
                    return end(headerProblem);
                }
            }
            if (!table.next()) {
                return null;
            }
            record++;
            Fields f = new Fields(source, record, "line " + table.line(), table.raw());
            if (table.width() != table.headers().size()) {
                f.fail(ReasonCode.MALFORMED_FILE, null, "row has " + table.width() + " fields, header has "
                        + table.headers().size());
            }
            return row(table, f, record);
        } catch (IOException | RuntimeException e) {
            return end(RecordFailure.ofFile(source, "after record " + record, ReasonCode.MALFORMED_FILE,
                    "not readable as CSV: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ")));
        }
    }

    private FeedItem header() {
        if (table.headers().isEmpty()) {
            return RecordFailure.ofFile(source, "line 1", ReasonCode.MISSING_COLUMN, "the file is empty: no header row");
        }
        List<String> missing = new ArrayList<>(table.missing(required));
        if (!table.has(eitherColumn) && !table.has(orColumn)) {
            missing.add(eitherColumn + " or " + orColumn);
        }
        if (!missing.isEmpty()) {
            return RecordFailure.ofFile(source, "line 1 (header)", ReasonCode.MISSING_COLUMN,
                    "required column(s) missing: " + String.join(", ", missing) + "; header has " + table.headers());
        }
        return null;
    }

    @Override
    protected void release() {
        if (table != null) {
            table.close();
        }
    }
}
