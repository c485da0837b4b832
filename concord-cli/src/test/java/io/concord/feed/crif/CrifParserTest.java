package io.concord.feed.crif;

import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.ParserTestSupport;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceSensitivity;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import io.concord.model.Sensitivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrifParserTest {

    @TempDir
    Path dir;

    static List<FeedItem> parse(FeedParser parser, Path file) throws IOException {
        return ParserTestSupport.parse(parser, file);
    }

    List<FeedItem> parse(FeedParser parser, String content) throws IOException {
        return ParserTestSupport.parse(parser, content, dir, "t.csv");
    }

    Path write(String name, String content) throws IOException {
        return java.nio.file.Files.writeString(dir.resolve(name), content);
    }

    static List<Sensitivity> good(List<FeedItem> items) {
        return items.stream().filter(SourceSensitivity.class::isInstance)
                .map(i -> ((SourceSensitivity) i).sensitivity()).toList();
    }

    static List<RecordFailure> bad(List<FeedItem> items) {
        return ParserTestSupport.failures(items);
    }

    @Test
    void hudsonCsvParsesEveryRow() throws IOException {
        List<FeedItem> items = parse(new CrifParser(), Path.of("fixtures/crif/crif-hudson-2026-11-20.csv"));
        assertThat(bad(items)).isEmpty();
        List<Sensitivity> rows = good(items);
        assertThat(rows).hasSize(28);
        Sensitivity first = rows.get(0);
        assertThat(first.firmLei()).isEqualTo("549300HUDSONCLR0RG39");
        assertThat(first.account()).isEqualTo("NS-HUD-GSI-01");
        assertThat(first.segregationClass()).isEqualTo(SegregationClass.UNCLEARED_IM_SEG);
        assertThat(first.riskType()).isEqualTo("Risk_IRCurve");
        assertThat(first.label1()).isEqualTo("2y");
        assertThat(first.label2()).isEqualTo("OIS");
        assertThat(first.amountUsd()).isEqualByComparingTo("-18250.00");
        assertThat(first.postRegulations()).isEqualTo("CFTC,SEC");
        assertThat(first.lineage().feed()).isEqualTo("crif");
        assertThat(first.lineage().location()).isEqualTo("line 2");
        // a multiplier has no currency; the notional add-on factor is a percentage
        assertThat(rows).filteredOn(s -> s.riskType().equals("Param_ProductClassMultiplier"))
                .singleElement().satisfies(s -> {
                    assertThat(s.qualifier()).isEqualTo("Equity");
                    assertThat(s.amount()).isEqualByComparingTo("1.1");
                    assertThat(s.amountCurrency()).isNull();
                });
        assertThat(rows).extracting(Sensitivity::productClass).contains("RatesFX", "Credit", "Equity", "Commodity");
    }

    @Test
    void meridianTabSeparatedWithScheduleRows() throws IOException {
        List<FeedItem> items = parse(new CrifParser(), Path.of("fixtures/crif/crif-meridian-2026-11-20.tsv"));
        assertThat(bad(items)).isEmpty();
        List<Sensitivity> rows = good(items);
        assertThat(rows).hasSize(13);
        assertThat(rows).extracting(Sensitivity::firmLei).containsOnly("5493007MERIDIANFUT65");
        assertThat(rows).filteredOn(s -> "Schedule".equals(s.imModel())).extracting(Sensitivity::productClass)
                .containsOnly("FX");
        assertThat(rows).filteredOn(s -> s.riskType().equals("Risk_Equity")).singleElement()
                .satisfies(s -> {
                    assertThat(s.amountCurrency()).isEqualTo("GBP");
                    assertThat(s.amountUsd()).isEqualByComparingTo("-221725.00");
                });
    }

    @Test
    void badRowsAreRejectedWithLineAndField() throws IOException {
        List<FeedItem> items = parse(new CrifParser(), Path.of("fixtures/bad/crif-bad-rows.csv"));
        assertThat(good(items)).hasSize(1);
        List<RecordFailure> bad = bad(items);
        assertThat(bad).extracting(RecordFailure::location, RecordFailure::code, RecordFailure::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("line 3", ReasonCode.INVALID_VALUE, "RiskType"),
                org.assertj.core.groups.Tuple.tuple("line 4", ReasonCode.INVALID_VALUE, "Qualifier"),
                org.assertj.core.groups.Tuple.tuple("line 5", ReasonCode.INVALID_NUMBER, "Amount"),
                org.assertj.core.groups.Tuple.tuple("line 6", ReasonCode.INVALID_VALUE, "ProductClass"),
                org.assertj.core.groups.Tuple.tuple("line 7", ReasonCode.INVALID_VALUE, "AmountCurrency"),
                org.assertj.core.groups.Tuple.tuple("line 8", ReasonCode.INVALID_VALUE, "Label1"),
                org.assertj.core.groups.Tuple.tuple("line 9", ReasonCode.INVALID_VALUE, "Label2"),
                org.assertj.core.groups.Tuple.tuple("line 10", ReasonCode.MISSING_FIELD, "Bucket"),
                org.assertj.core.groups.Tuple.tuple("line 11", ReasonCode.MISSING_FIELD, "PortfolioID"),
                org.assertj.core.groups.Tuple.tuple("line 12", ReasonCode.INVALID_LEI, "FirmLEI"),
                org.assertj.core.groups.Tuple.tuple("line 13", ReasonCode.INVALID_VALUE, "Qualifier"));
        assertThat(bad.get(0).message()).contains("Risk_IRDelta");
        assertThat(bad.get(0).attributes()).containsEntry("TradeID", "IRS-USD-2");
        assertThat(bad.get(2).message()).contains("'12k'");
        // counts reconcile: 12 data rows = 1 accepted + 11 rejected
        assertThat(items).hasSize(12);
    }

    @Test
    void missingColumnRejectsTheFile() throws IOException {
        List<FeedItem> items = parse(new CrifParser(), Path.of("fixtures/bad/crif-missing-column.csv"));
        assertThat(items).singleElement().isInstanceOfSatisfying(RecordFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.MISSING_COLUMN);
            assertThat(f.record()).isZero();
            assertThat(f.message()).contains("Label2");
        });
    }

    @Test
    void regulationHeadersAsOtherToolsSpellThemAndUnknownColumnsWarnedOnce() throws IOException {
        // ISDA's plural headers, a snake_case writer's, and columns of the CRIF standard SIMM does not need
        String plural = """
                TradeID,PortfolioID,ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD,IMModel,TradeType,CollectRegulations,PostRegulations,EndDate,Desk
                T1,P1,RatesFX,Risk_IRCurve,USD,1,5y,OIS,-42100,USD,-42100,SIMM,Swap,"CFTC,SEC",SEC,2031-11-20,Rates NY
                T2,P1,RatesFX,Risk_FX,EUR,,,,4200000,EUR,4368000,SIMM,FxFwd,CFTC,"[SEC, CFTC]",2027-01-15,FX LDN
                """;
        List<FeedItem> items;
        List<String> warnings;
        try (var s = CrifParser.standalone().open(new java.io.ByteArrayInputStream(plural.getBytes()),
                FeedFormats.describe(write("plural.csv", plural), CrifParser.ID))) {
            items = new java.util.ArrayList<>();
            s.forEachRemaining(items::add);
            warnings = s.warnings();
        }
        assertThat(bad(items)).isEmpty();
        assertThat(good(items)).extracting(Sensitivity::collectRegulations, Sensitivity::postRegulations)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CFTC,SEC", "SEC"),
                        org.assertj.core.groups.Tuple.tuple("CFTC", "[SEC, CFTC]"));
        assertThat(warnings).singleElement().asString().contains("line 1", "'Desk'");

        String snake = """
                trade_id,product_class,risk_type,qualifier,bucket,label_1,label_2,amount,amount_currency,amount_usd,collect_regulations,post_regulations
                T1,Equity,Risk_Equity,US0378331005,5,,,1000,USD,1000,SEC,CFTC
                """;
        assertThat(good(parse(CrifParser.standalone(), snake))).singleElement().satisfies(r -> {
            assertThat(r.collectRegulations()).isEqualTo("SEC");
            assertThat(r.postRegulations()).isEqualTo("CFTC");
            assertThat(r.tradeId()).isEqualTo("T1");
        });
    }

    @Test
    void amountUsdColumnIsOptionalForRowsInUsd() throws IOException {
        String crif = """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency
                RatesFX,Risk_IRCurve,USD,1,2w,OIS,4000000,USD
                Equity,Risk_EquityVol,US0378331005,5,1y,,-52000,USD
                Equity,Risk_Equity,GB00BH4HKS39,6,,,-175000,GBP
                """;
        List<FeedItem> items = parse(CrifParser.standalone(), crif);
        assertThat(good(items)).extracting(Sensitivity::amountUsd).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("4000000"), new BigDecimal("-52000"));
        // a row in another currency still needs its USD amount: rejected with its line, the rest margined
        assertThat(bad(items)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("line 4");
            assertThat(f.code()).isEqualTo(ReasonCode.MISSING_FIELD);
            assertThat(f.field()).isEqualTo("AmountUSD");
        });
        assertThat(items).hasSize(3); // received = accepted + rejected
    }

    @Test
    void scheduleNotionalAndPvNeedNoQualifier() throws IOException {
        String crif = """
                TradeID,IMModel,ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                NDF-BRL-0006,Schedule,FX,Notional,,,,,25000000,USD,25000000
                NDF-BRL-0006,Schedule,FX,PV,,,,,-185000,USD,-185000
                IRS-EUR-0001,Schedule,Rates,Notional,,,,,10000000,EUR,10400000
                ,Schedule,Rates,PV,,,,,-1000,USD,-1000
                IRS-EUR-0001,Schedule,Rates,Risk_IRCurve,EUR,1,5y,OIS,100,EUR,104
                """;
        List<FeedItem> items = parse(CrifParser.standalone(), crif);
        assertThat(good(items)).extracting(Sensitivity::tradeId, Sensitivity::riskType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NDF-BRL-0006", "Notional"),
                org.assertj.core.groups.Tuple.tuple("NDF-BRL-0006", "PV"),
                org.assertj.core.groups.Tuple.tuple("IRS-EUR-0001", "Notional"));
        assertThat(bad(items)).extracting(RecordFailure::location, RecordFailure::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("line 5", "TradeID"),
                org.assertj.core.groups.Tuple.tuple("line 6", "RiskType"));
    }

    @Test
    void feedNeedsFirmAndPortfolioButStandaloneDoesNot() throws IOException {
        String crif = """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                RatesFX,Risk_IRCurve,USD,1,2w,OIS,4000000,USD,4000000
                """;
        assertThat(parse(new CrifParser(), crif)).singleElement().isInstanceOfSatisfying(RecordFailure.class,
                f -> assertThat(f.message()).contains("FirmLEI", "PortfolioID"));
        List<FeedItem> items = parse(CrifParser.standalone(), crif);
        assertThat(good(items)).singleElement().satisfies(s -> {
            assertThat(s.firmLei()).isNull();
            assertThat(s.amountUsd()).isEqualByComparingTo(new BigDecimal("4000000"));
        });
    }

    @Test
    void amountUsdFollowsAmountInUsdAndMustAgreeWithIt() throws IOException {
        String crif = """
                ProductClass,RiskType,Qualifier,Bucket,Label1,Label2,Amount,AmountCurrency,AmountUSD
                Equity,Risk_Equity,US0378331005,5,,,1000,USD,
                Equity,Risk_Equity,US0378331005,5,,,1000,USD,1001
                Equity,Risk_Equity,US0378331005,5,,,1000,EUR,
                """;
        List<FeedItem> items = parse(CrifParser.standalone(), crif);
        assertThat(good(items)).singleElement().satisfies(s -> assertThat(s.amountUsd()).isEqualByComparingTo("1000"));
        assertThat(bad(items)).extracting(RecordFailure::code, RecordFailure::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReasonCode.INCONSISTENT_VALUES, "AmountUSD"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.MISSING_FIELD, "AmountUSD"));
    }

    @Test
    void detectionIsDecisive() throws IOException {
        FeedFormats formats = FeedFormats.standard();
        for (String f : List.of("fixtures/crif/crif-hudson-2026-11-20.csv", "fixtures/crif/crif-meridian-2026-11-20.tsv",
                "fixtures/bad/crif-bad-rows.csv", "fixtures/bad/crif-missing-column.csv")) {
            assertThat(formats.detect(Path.of(f)).parser()).as(f).isNotNull()
                    .extracting(FeedParser::id).isEqualTo(CrifParser.ID);
        }
        for (String f : List.of("fixtures/sec/positions-hudson-2026-11-20.csv",
                "fixtures/cftc/posrpt-hudson-2026-11-20.xml")) {
            assertThat(formats.detect(Path.of(f)).parser()).as(f).isNotNull()
                    .extracting(FeedParser::id).isNotEqualTo(CrifParser.ID);
        }
    }
}
