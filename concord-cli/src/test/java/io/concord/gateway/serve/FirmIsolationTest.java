package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.serve.ServeHarness.Reply;
import io.concord.report.Cells;
import io.concord.report.Json;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one firm sends is shown to that firm only, and one firm's bad data never stops another firm's outputs
 * (issue 16): a rejected SBSR row names the other counterparty's LEI but belongs to the reporting firm; a record a
 * firm may not report for belongs to the firm that sent it; an unmapped product reaches its firm's workbook and
 * margin.json; a row with a 40,000-character CUSIP (over Excel's 32,767 characters a cell) leaves every firm's
 * margin and every regulator view readable, before and after a restart.
 */
class FirmIsolationTest {

    static final String NORTHSTAR = "549300NORTHSTARBK030";
    static final String QUARRY = "549300QUARRYCAPLP023";
    static final String HUDSON = ServeHarness.HUDSON;

    static final String SBSR_HEADER = "as_of,uti,reporting_counterparty_lei,other_counterparty_lei,upi,isda_taxonomy,"
            + "underlying,direction,notional,notional_currency,mark_to_market,mark_to_market_currency,cleared,"
            + "collateralisation,expiration_date\n";

    @TempDir
    Path dir;

    private static List<Principal> principals() {
        return List.of(principal("northstar", Principal.Role.FIRM, NORTHSTAR),
                principal("quarry", Principal.Role.FIRM, QUARRY),
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("regulator", Principal.Role.REGULATOR));
    }

    @Test
    void aRejectedRecordIsShownToTheFirmThatSentItAndToNoOther() throws Exception {
        // Northstar reports three swaps with Quarry as the other counterparty: one maps, one has a notional that is
        // not a number, one names a taxonomy no definition maps; and one row reports for Quarry, which Northstar
        // may not do
        String northstar = SBSR_HEADER
                + "2026-11-20,549300NORTHSTARBK030SBS2026CDS000118,549300NORTHSTARBK030,549300QUARRYCAPLP023,,"
                + "Credit:SingleName:CDS,F,BUY,25000000,USD,-412500.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n"
                + "2026-11-20,549300NORTHSTARBK030SBS2026CDS000119,549300NORTHSTARBK030,549300QUARRYCAPLP023,,"
                + "Credit:SingleName:CDS,BA,SELL,ten million,USD,186000.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n"
                + "2026-11-20,549300NORTHSTARBK030SBS2026CDS000120,549300NORTHSTARBK030,549300QUARRYCAPLP023,,"
                + "Credit:Exotic:Bespoke,T,BUY,5000000,USD,1000.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n"
                + "2026-11-20,549300QUARRYCAPLP023SBS2026CDS000121,549300QUARRYCAPLP023,549300NORTHSTARBK030,,"
                + "Credit:SingleName:CDS,F,SELL,1000000,USD,100.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n";
        // Quarry's own swap with Northstar
        String quarry = SBSR_HEADER
                + "2026-11-20,549300QUARRYCAPLP023SBS2026CDS000900,549300QUARRYCAPLP023,549300NORTHSTARBK030,,"
                + "Credit:SingleName:CDS,F,SELL,25000000,USD,412500.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n";
        try (ServeHarness gateway = new ServeHarness(dir, 10_000_000, principals())) {
            Reply n = post(gateway, "k-northstar", "sec-sbsr", northstar, "northstar-sbsr.csv");
            assertThat(n.status()).as(new String(n.bytes())).isEqualTo(201);
            assertThat(n.body().get("accepted").asInt()).isEqualTo(1);
            assertThat(n.body().get("rejected").asInt()).isEqualTo(3);
            Reply q = post(gateway, "k-quarry", "sec-sbsr", quarry, "quarry-sbsr.csv");
            assertThat(q.body().get("status").asText()).isEqualTo("ACCEPTED");

            List<String> quarryRows = exceptionRows(gateway.get("/firms/" + QUARRY + "/margin?format=xlsx",
                    "k-quarry"));
            assertThat(quarryRows).as("none of Northstar's rejected rows, though they carry Quarry's LEI").isEmpty();
            JsonNode quarryMargin = gateway.get("/firms/" + QUARRY + "/margin", "k-quarry").body();
            assertThat(quarryMargin.get("accounts")).isNotEmpty();
            assertThat(quarryMargin.has("rejected")).isFalse();

            List<String> northstarRows = exceptionRows(gateway.get("/firms/" + NORTHSTAR + "/margin?format=xlsx",
                    "k-northstar"));
            assertThat(northstarRows).containsExactly("line 3 INVALID_NUMBER", "line 4 UNMAPPED_PRODUCT",
                    "line 5 FIRM_NOT_AUTHORIZED");
            JsonNode rejected = gateway.get("/firms/" + NORTHSTAR + "/margin", "k-northstar").body().get("rejected");
            assertThat(rejected.get("records").asInt()).isEqualTo(3);
            assertThat(rejected.get("byReason").get("UNMAPPED_PRODUCT").asInt()).isEqualTo(1);
            assertThat(rejected.get("listed")).extracting(r -> r.get("reason").asText())
                    .containsExactly("INVALID_NUMBER", "UNMAPPED_PRODUCT", "FIRM_NOT_AUTHORIZED");
            assertThat(rejected.get("listed")).allSatisfy(r -> assertThat(r.get("firm").asText())
                    .isEqualTo(NORTHSTAR));

            Path current = gateway.runtime.gateway().current().folder();
            assertThat(current.resolve("reports").resolve(QUARRY).resolve("exceptions.jsonl")).doesNotExist();
            assertThat(Files.readAllLines(current.resolve("reports").resolve(NORTHSTAR).resolve("exceptions.jsonl")))
                    .hasSize(3);
        }
    }

    @Test
    void aFortyThousandCharacterCusipNeverStopsAnyFirmsOutputs() throws Exception {
        String hudson = Files.readString(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"))
                + "2026-11-20,549300HUDSONCLR0RG39,XM-2001,XM,SPY," + "7".repeat(40_000)
                + ",ETF,LONG,100,683.10,68310.00,USD,DTC,,,,,\n";
        try (ServeHarness gateway = new ServeHarness(dir, 10_000_000, principals())) {
            Reply quarry = post(gateway, "k-quarry", "sec-sbsr", SBSR_HEADER
                    + "2026-11-20,549300QUARRYCAPLP023SBS2026CDS000900,549300QUARRYCAPLP023,549300NORTHSTARBK030,,"
                    + "Credit:SingleName:CDS,F,SELL,25000000,USD,412500.00,USD,N,FULLY_COLLATERALIZED,2031-12-20\n",
                    "quarry-sbsr.csv");
            assertThat(quarry.status()).isEqualTo(201);
            Reply h = post(gateway, "k-hudson", "sec-bd-positions", hudson, "hudson.csv");
            assertThat(h.body().get("status").asText()).isEqualTo("PARTIAL");
            JsonNode rejection = h.body().get("rejections").get(0);
            assertThat(rejection.get("location").asText()).isEqualTo("line 7");
            assertThat(rejection.get("message").asText().length()).isLessThanOrEqualTo(2048)
                    .isLessThan(40_000);
            everyOutputAnswers(gateway);
            // the exception's raw CUSIP is kept cut, with how long it was
            List<String> cells = new ArrayList<>();
            try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(gateway.get("/firms/" + HUDSON
                    + "/margin?format=xlsx", "k-hudson").bytes()))) {
                for (Row row : wb.getSheet("Exceptions")) {
                    for (Cell c : row) {
                        cells.add(c.toString());
                    }
                }
            }
            assertThat(cells).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(Cells.MAX_TEXT));
            assertThat(String.join(" ", cells)).contains("[cut: 40,000 characters]");
        }
        ServeGateway.deleteTree(dir.resolve("mappings")); // the harness copies the shipped mappings again
        try (ServeHarness restarted = new ServeHarness(dir, 10_000_000, principals())) {
            restarted.runtime.gateway().current().settled().get(2, java.util.concurrent.TimeUnit.MINUTES);
            everyOutputAnswers(restarted);
        }
    }

    /** Each firm's margin in every format, and every regulator view, answer 200. */
    private static void everyOutputAnswers(ServeHarness gateway) throws Exception {
        for (String format : List.of("json", "xml", "xlsx")) {
            assertThat(gateway.get("/firms/" + HUDSON + "/margin?format=" + format, "k-hudson").status())
                    .as("Hudson " + format).isEqualTo(200);
            assertThat(gateway.get("/firms/" + QUARRY + "/margin?format=" + format, "k-quarry").status())
                    .as("Quarry " + format).isEqualTo(200);
        }
        for (String view : List.of("positions-by-taxonomy", "large-positions", "margin-by-firm", "margin-summary",
                "regulator-views.xlsx")) {
            assertThat(gateway.get("/regulator/" + view, "k-regulator").status()).as(view).isEqualTo(200);
        }
    }

    private static Reply post(ServeHarness gateway, String key, String feed, String body, String name)
            throws Exception {
        Reply r = gateway.call("POST", "/feeds/" + feed, key, body.getBytes(StandardCharsets.UTF_8), "text/csv",
                name);
        gateway.runtime.gateway().current().settled().get(2, java.util.concurrent.TimeUnit.MINUTES);
        return r;
    }

    /** The Exceptions sheet's rows as "location reason". */
    private static List<String> exceptionRows(Reply xlsx) throws Exception {
        assertThat(xlsx.status()).as(new String(xlsx.bytes(), 0, Math.min(300, xlsx.bytes().length)))
                .isEqualTo(200);
        List<String> rows = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx.bytes()))) {
            Sheet s = wb.getSheet("Exceptions");
            for (Row row : s) {
                if (row.getRowNum() > 0) {
                    rows.add(row.getCell(4).getStringCellValue() + " " + row.getCell(5).getStringCellValue());
                }
            }
        }
        return rows;
    }
}
