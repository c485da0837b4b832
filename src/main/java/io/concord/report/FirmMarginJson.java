package io.concord.report;

import io.concord.margin.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginReport;
import io.concord.margin.MarginRun;
import io.concord.model.Position;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reports/<firm-LEI>/margin.json}: one firm's part of margin.json, the same account entries as there.
 * Only the firm's own figures: margin.json's {@code earlierDates} count every firm's records, so they are left out.
 */
public final class FirmMarginJson {

    public static final String FILE_NAME = "margin.json";

    /**
     * One firm's margin.
     *
     * @param firm              the firm's LEI
     * @param asOf              the business date margined (margin.json's)
     * @param mappingsVersion   mapping set version
     * @param parametersVersion risk parameters version
     * @param whatIf            margin.json's what-if (null: the configured eligibility)
     * @param accounts          the firm's entries of margin.json's {@code accounts}, in the same order
     */
    public record FirmMargin(String firm, LocalDate asOf, String mappingsVersion, String parametersVersion,
                             String whatIf, List<AccountMargin> accounts) {
    }

    private FirmMarginJson() {
    }

    /** Writes one file per firm of {@code report} under {@code reportsDir}; returns the files by firm LEI. */
    public static Map<String, Path> write(MarginReport report, Path reportsDir) {
        Sink sink = new Sink(reportsDir);
        MarginReplay.replay(report, List.of(), sink);
        return sink.files();
    }

    /** Writes each firm's file as its accounts arrive; a firm with no margined account gets none. */
    public static final class Sink extends FirmSink {

        private final Path reportsDir;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private JsonDocumentWriter json;

        public Sink(Path reportsDir) {
            this.reportsDir = reportsDir;
        }

        /** The files written, by firm LEI. */
        public Map<String, Path> files() {
            return files;
        }

        @Override
        protected void startFirm(String firm) {
            json = null;
        }

        @Override
        protected void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
            if (margin == null) {
                return;
            }
            if (json == null) {
                MarginRun r = run();
                json = new JsonDocumentWriter(reportsDir.resolve(account.firm()).resolve(FILE_NAME),
                        new FirmMargin(account.firm(), r.asOf(), r.mappingsVersion(), r.parametersVersion(),
                                r.whatIf(), List.of()), "accounts");
            }
            json.add(margin);
        }

        @Override
        protected void endFirm(String firm) {
            if (json != null) {
                json.close();
                files.put(firm, json.file());
                json = null;
            }
        }
    }
}
