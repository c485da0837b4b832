package io.concord.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.stress.Coverage;
import io.concord.margin.stress.Scenario;
import io.concord.margin.stress.StressRun;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code margin/stress.json}, written as the accounts pass: the run's date and versions, the method, the scenarios
 * with their sources, then each account's coverage, each harmonized portfolio's, and the firm and market levels.
 * Accounts go straight to the file; portfolios (complete firm by firm) to a spill file beside it, appended at the
 * end, so neither list is held.
 */
public final class StressJson implements StressRun.Output {

    public static final String FILE = "stress.json";

    /** How the figures are obtained, for a reader of the file. */
    static final String METHOD = "Each account's positions on the business date are revalued under every scenario "
            + "with the silos' pricing (stocks, ETFs and futures linearly; listed options Black-Scholes and options on "
            + "futures Black-76 at the moved underlying and volatility; cash Treasuries by DV01 and Treasury futures "
            + "through their cheapest-to-deliver; CDS by CS01; event contracts at the scenario's outcome). loss = "
            + "max(0, -P&L); shortfall = max(0, loss - the figure) against the siloed margin, the harmonized margin "
            + "(the account's share; a portfolio's own total) and the collateral after haircuts once the scenario has "
            + "moved it. A position that cannot be revalued is listed in notRevalued and adds nothing; a factor a "
            + "scenario does not move is listed in unshockedFactors. Moves are applied instantly to today's book: "
            + "no trading, no funding, no correlation beyond what each scenario states.";

    private final Path file;
    private Path spill;
    private JsonGenerator json;
    private BufferedWriter portfolios;
    private boolean firstAccount = true;
    private boolean firstPortfolio = true;

    public StressJson(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public void begin(MarginRun run, List<Scenario> scenarios) {
        try {
            Files.createDirectories(file.getParent());
            spill = Files.createTempFile(file.getParent(), ".stress-portfolios", ".json");
            portfolios = Files.newBufferedWriter(spill);
            json = Json.MAPPER.getFactory().createGenerator(Files.newBufferedWriter(file));
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            if (run.asOf() != null) {
                json.writeStringField("asOf", run.asOf().toString());
            }
            json.writeStringField("mappingsVersion", run.mappingsVersion());
            json.writeStringField("parametersVersion", run.parametersVersion());
            if (run.whatIf() != null) {
                json.writeStringField("whatIf", run.whatIf());
            }
            json.writeStringField("method", METHOD);
            json.writeFieldName("scenarios");
            Json.MAPPER.writeValue(json, scenarios);
            json.writeFieldName("accounts");
            json.writeRawValue("[");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void account(Coverage.AccountCoverage account) {
        try {
            json.writeRaw(firstAccount ? " " : ", ");
            json.writeRaw(JsonDocumentWriter.element(account));
            firstAccount = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void portfolio(Coverage.PortfolioCoverage portfolio) {
        try {
            portfolios.write(firstPortfolio ? " " : ", ");
            portfolios.write(JsonDocumentWriter.element(portfolio));
            firstPortfolio = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spill, e);
        }
    }

    @Override
    public void end(List<StressRun.Level> firms, StressRun.Level market) {
        try {
            json.writeRaw(" ]");
            portfolios.close();
            json.writeFieldName("portfolios");
            json.writeRawValue("[");
            try (Reader r = Files.newBufferedReader(spill)) {
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) > 0; ) {
                    json.writeRaw(buf, 0, n);
                }
            }
            json.writeRaw(" ]");
            json.writeFieldName("firms");
            Json.MAPPER.writeValue(json, firms);
            json.writeFieldName("market");
            Json.MAPPER.writeValue(json, market);
            json.writeEndObject();
            json.close();
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
