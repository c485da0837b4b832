package io.concord.book;

import io.concord.TestMappings;
import io.concord.feed.RecordStream;
import io.concord.feed.FeedFormats;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.fixml.PosRptParser;
import io.concord.mapping.Normalizer;
import io.concord.model.Position;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Part 17 overwrite rule on the Meridian fixtures: the end-of-day batch, then an amendment file with an
 * Actn=1 re-report and an Actn=2 change.
 */
class PositionBookTest {

    private static final String ES_FUTURE = "EQUITY/INDEX_HIGH_CAP/FUTURE";
    private static final String ES_OPTION = "EQUITY/INDEX_HIGH_CAP/OPTION_ON_FUTURE";

    private final Normalizer normalizer = new Normalizer(TestMappings.SHIPPED);

    private List<Position> read(String file) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, PosRptParser.ID);
        try (RecordStream s = new PosRptParser().open(Files.newInputStream(p), src)) {
            List<Position> out = new java.util.ArrayList<>();
            s.forEachRemaining(i -> out.add(normalizer.normalize((SourcePosition) i).position()));
            return out;
        }
    }

    private static Position find(PositionBook book, String account, String taxonomy) {
        return book.positions().stream()
                .filter(p -> p.account().equals(account) && p.product().taxonomy().equals(taxonomy))
                .findFirst().orElseThrow();
    }

    @Test
    void aNewReportReplacesTheEarlierOneAndQuantitiesItOmitsBecomeZero() throws Exception {
        PositionBook book = new PositionBook();
        read("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml").forEach(book::apply);
        Position before = find(book, "M-4410", ES_FUTURE);
        assertThat(before.quantities()).containsKeys("SOD", "FIN");
        assertThat(before.longQty()).isEqualByComparingTo("12");
        assertThat(before.shortQty()).isEqualByComparingTo("2");

        read("fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml").forEach(book::apply);

        Position after = find(book, "M-4410", ES_FUTURE);
        assertThat(after.longQty()).isEqualByComparingTo("14");
        assertThat(after.shortQty()).isEqualByComparingTo("0");
        assertThat(after.quantities()).as("SOD was omitted by the Actn=1 report").containsOnlyKeys("FIN");
        assertThat(after.lineage().location()).contains("PosRpt[1]");
        assertThat(after.lineage().file()).isEqualTo("posrpt-meridian-2026-11-20-2-amend.xml");
        assertThat(book.size()).as("no key is duplicated by the re-reports").isEqualTo(3);
        assertThat(book.replaced()).isEqualTo(2);
    }

    @Test
    void aChangeUpdatesOnlyTheQuantitiesItCarriesAndKeepsTheRest() throws Exception {
        PositionBook book = new PositionBook();
        read("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml").forEach(book::apply);
        read("fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml").forEach(book::apply);

        Position put = find(book, "M-4411", ES_OPTION);
        assertThat(put.longQty()).isEqualByComparingTo("20");
        assertThat(put.price()).as("the change carries no SetPx: the earlier price stays").isEqualByComparingTo("95.25");
    }

    @Test
    void reportsForOtherDatesOrAccountsDoNotTouchEachOther() throws Exception {
        PositionBook book = new PositionBook();
        List<Position> eod = read("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml");
        eod.forEach(book::apply);
        Position es = eod.get(0);
        Position nextDay = new Position(es.firmLei(), es.account(), es.segregationClass(), es.product(),
                BigDecimal.ONE, BigDecimal.ZERO, null, es.price(), null, es.asOf().plusDays(1), null, es.action(),
                es.lineage());
        book.apply(nextDay);
        assertThat(book.size()).isEqualTo(4);
        assertThat(book.replaced()).isZero();
    }
}
