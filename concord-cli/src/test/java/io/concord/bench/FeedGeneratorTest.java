package io.concord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.TestMappings;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourcePosition;
import io.concord.feed.SourceSensitivity;
import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.PosRptParser;
import io.concord.feed.secbd.BdPositionsParser;
import io.concord.gateway.runtime.Gateway;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.mapping.Normalizer;
import io.concord.margin.MarginAccount;
import io.concord.margin.simm.Horizon;
import io.concord.margin.simm.SimmEngine;
import io.concord.margin.simm.SimmSilo;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FeedGeneratorTest {

    @TempDir
    Path tmp;

    private final FeedGenerator gen = new FeedGenerator(42);

    /** Every generated record parses and maps to a product; returns the positions. */
    private List<Position> normalized(FeedParser parser, Path file) throws Exception {
        Normalizer n = new Normalizer(TestMappings.SHIPPED);
        List<Position> out = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        try (RecordStream s = parser.open(Files.newInputStream(file), FeedFormats.describe(file, parser.id()))) {
            while (s.hasNext()) {
                FeedItem item = s.next();
                if (item instanceof SourcePosition p) {
                    Normalizer.Result r = n.normalize(p);
                    if (r.position() != null) {
                        out.add(r.position());
                    } else {
                        failures.add(r.failure());
                    }
                } else {
                    failures.add(item);
                }
            }
        }
        assertThat(failures).as("generated records the shipped mappings do not take").isEmpty();
        return out;
    }

    @Test
    void csvPositionsParseMapAndEachIsAPositionOfItsOwnOverTheAccounts() throws Exception {
        Path csv = tmp.resolve("positions.csv");
        gen.secPositions(csv, 1234, 17);
        assertThat(FeedFormats.standard().detect(csv).parser().id()).isEqualTo(BdPositionsParser.ID);
        List<Position> ps = normalized(new BdPositionsParser(), csv);
        assertThat(ps).hasSize(1234);
        assertThat(ps.stream().map(Position::bookKey).distinct()).hasSize(1234);
        assertThat(ps.stream().map(Position::account).distinct()).hasSize(17);
        assertThat(ps.stream().map(p -> p.product().taxonomy()).distinct()).contains("EQUITY/SINGLE_STOCK/CASH",
                "EQUITY/SINGLE_STOCK/LISTED_OPTION");
    }

    @Test
    void fixmlPositionsParseMapAndEachIsAPositionOfItsOwnOverTheAccounts() throws Exception {
        Path xml = tmp.resolve("posrpt.xml");
        gen.fixmlPositions(xml, 1500, 12);
        assertThat(FeedFormats.standard().detect(xml).parser().id()).isEqualTo(PosRptParser.ID);
        List<Position> ps = normalized(new PosRptParser(), xml);
        assertThat(ps).hasSize(1500);
        assertThat(ps.stream().map(Position::bookKey).distinct()).hasSize(1500);
        assertThat(ps.stream().map(Position::account).distinct()).hasSize(12);
        assertThat(ps.stream().map(p -> p.product().taxonomy()).distinct()).contains(
                "EQUITY/INDEX_HIGH_CAP/FUTURE", "EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE", "RATES/GOVT/TREASURY_FUTURE");
    }

    @Test
    void crifRowsAreSensitivitiesOfEachPortfolioAndSimmIsPositive() throws Exception {
        Path crif = tmp.resolve("crif.csv");
        gen.crif(crif, 3000, 6);
        Map<MarginAccount, List<Sensitivity>> byAccount = new HashMap<>();
        List<Object> failures = new ArrayList<>();
        try (RecordStream s = new CrifParser().open(Files.newInputStream(crif), FeedFormats.describe(crif,
                CrifParser.ID))) {
            s.forEachRemaining(i -> {
                if (i instanceof SourceSensitivity ss) {
                    byAccount.computeIfAbsent(SimmSilo.accountOf(ss.sensitivity()), k -> new ArrayList<>())
                            .add(ss.sensitivity());
                } else {
                    failures.add(i);
                }
            });
        }
        assertThat(failures).isEmpty();
        assertThat(byAccount).hasSize(6);
        assertThat(byAccount.values().stream().mapToInt(List::size).sum()).isEqualTo(3000);
        SimmEngine simm = SimmEngine.load(Path.of("mappings/simm/simm-2.5.yaml"), Horizon.TEN_DAY);
        for (List<Sensitivity> rows : byAccount.values()) {
            assertThat(simm.compute(rows).total()).isPositive();
        }
    }

    @Test
    void theProcessPipelineAcceptsEveryGeneratedRecordAndMarginsEveryAccount() throws Exception {
        Path feeds = tmp.resolve("feeds");
        gen.secPositions(feeds.resolve("positions.csv"), 600, 6);
        gen.fixmlPositions(feeds.resolve("posrpt.xml"), 400, 4);
        Path out = tmp.resolve("out");
        ProcessRun run = Gateway.standardRun(out, null, Path.of("mappings"), null);
        RunSummary s = Gateway.process(ConcordConfig.defaults(), run, Gateway.expand(List.of(feeds)));
        assertThat(s.received()).isEqualTo(1000);
        assertThat(s.accepted()).isEqualTo(1000);
        assertThat(s.rejected()).isZero();
        assertThat(s.bookedPositions()).isEqualTo(1000);
        assertThat(run.recordsDone()).isEqualTo(1000);
        JsonNode margin = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
        Set<String> accounts = new HashSet<>();
        margin.get("accounts").forEach(a -> {
            accounts.add(a.get("account").asText());
            assertThat(a.get("siloedTotal").decimalValue()).as(a.get("account").asText()).isPositive();
        });
        assertThat(accounts).hasSize(10);
        assertThat(run.clock().stages()).extracting(st -> st.name()).contains(io.concord.gateway.StateOutputs.STAGE_MARGIN,
                io.concord.gateway.StateOutputs.STAGE_WORKBOOKS, "book");
    }
}
