package io.concord.ledger;

import io.concord.TestMappings;
import io.concord.bench.FeedGenerator;
import io.concord.model.ReportAction;
import java.math.BigDecimal;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.RecordBatch;
import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.AcctSumRptParser;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.CollateralLine;
import io.concord.model.Sensitivity;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.feed.SourcePosition;
import io.concord.feed.fixml.PosRptParser;
import io.concord.mapping.Normalizer;
import io.concord.model.Position;
import io.concord.model.Ack;
import io.concord.testing.LedgerDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger on both databases it supports: embedded H2 (the default) and the PostgreSQL server every Concord
 * machine runs at 127.0.0.1:5432 (trust auth, database {@code test}); each PostgreSQL run gets its own schema.
 */
class LedgerTest {

    @RegisterExtension
    static final LedgerDatabases DATABASES = new LedgerDatabases();

    @TempDir
    static Path tmp;

    static Stream<String> databases() throws Exception {
        return DATABASES.urls();
    }

    private static Ledger open(String url) {
        return Ledger.open(url, LedgerDatabases.user(url), "");
    }

    private static List<Position> read(String file) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, PosRptParser.ID);
        Normalizer n = new Normalizer(TestMappings.SHIPPED);
        List<Position> out = new ArrayList<>();
        try (RecordStream s = new PosRptParser().open(Files.newInputStream(p), src)) {
            s.forEachRemaining(i -> out.add(n.normalize((SourcePosition) i).position()));
        }
        return out;
    }

    private static Ack ack(String file, List<Position> positions) throws Exception {
        SourceFile src = FeedFormats.describe(Path.of(file), PosRptParser.ID);
        return new Ack(src.submissionId(), src.feedId(), src.name(), src.sha256(), src.bytes(), Instant.now(),
                TestMappings.SHIPPED.version(), Ack.Status.ACCEPTED, positions.size(), positions.size(), 0, List.of(), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void commitsSubmissionsAndAppliesTheOverwriteRuleAcrossThem(String url) throws Exception {
        Ledger ledger = open(url);
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        String amend = "fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml";
        List<Position> first = read(eod);
        assertThat(ledger.commit(ack(eod, first), "meridian", first)).isTrue();
        assertThat(ledger.positions("5493007MERIDIANFUT65")).hasSize(3);

        List<Position> second = read(amend);
        assertThat(ledger.commit(ack(amend, second), "meridian", second)).isTrue();

        List<Position> booked = ledger.positions("5493007MERIDIANFUT65");
        assertThat(booked).hasSize(3);
        Position es = booked.stream().filter(p -> p.account().equals("M-4410")
                && p.product().taxonomy().equals("EQUITY/INDEX_HIGH_CAP/FUTURE")).findFirst().orElseThrow();
        assertThat(es.longQty()).isEqualByComparingTo("14");
        assertThat(es.quantities()).as("SOD omitted by the Actn=1 re-report").containsOnlyKeys("FIN");
        Position put = booked.stream().filter(p -> p.account().equals("M-4411")).findFirst().orElseThrow();
        assertThat(put.longQty()).isEqualByComparingTo("20");
        assertThat(put.price()).as("kept from the first report").isEqualByComparingTo("95.25");
        assertThat(ledger.byId(ack(amend, second).submissionId())).get()
                .satisfies(r -> assertThat(r.principal()).isEqualTo("meridian"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSnapshotReadsSomeFirmsAndSubmissionsUpToItsInListLimitAndRefusesMore(String url) throws Exception {
        Ledger ledger = open(url);
        Ack ack = commitEod(ledger).ack();
        // Meridian among as many firms as one IN list takes: the limit itself is bound on both databases
        List<String> firms = new ArrayList<>();
        for (int i = 1; i < Ledger.IN_LIST_MAX; i++) {
            firms.add(String.format("549300TEST%08dXX", i));
        }
        firms.add("5493007MERIDIANFUT65");
        List<String> submissions = new ArrayList<>(firms.subList(0, Ledger.IN_LIST_MAX - 1));
        submissions.add(ack.submissionId());
        try (Ledger.Snapshot s = ledger.snapshot()) {
            List<Position> booked = new ArrayList<>();
            s.book(firms).forEachAccount(booked::addAll);
            assertThat(booked).hasSize(3);
            assertThat(s.positionCount(firms)).isEqualTo(3);
            assertThat(s.touched(submissions).firms()).containsExactly("5493007MERIDIANFUT65");
            List<String> more = new ArrayList<>(firms);
            more.add("549300TESTMORE000XX1");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.positionCount(more))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + Ledger.IN_LIST_MAX);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aChunkWithAStoredFirmAndANewFirmOverwritesTheOneAndAddsTheOther(String url) throws Exception {
        Ledger ledger = open(url);
        Committed eod = commitEod(ledger);
        List<Position> ps = eod.positions();
        Ack ack = eod.ack();
        // one chunk: a firm the state holds nothing of (its keys are not looked up) beside a stored firm's key
        String newFirm = "5493001NEWFIRM000X12";
        List<Position> mixed = new ArrayList<>();
        for (Position p : ps) {
            mixed.add(new Position(newFirm, p.account(), p.segregationClass(), p.product(), p.longQty(),
                    p.shortQty(), p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(), p.action(),
                    p.lineage()));
        }
        Position first = ps.get(0);
        mixed.add(new Position(first.firmLei(), first.account(), first.segregationClass(), first.product(),
                new BigDecimal("77"), BigDecimal.ZERO, java.util.Map.of("FIN", new BigDecimal[] {
                        new BigDecimal("77"), BigDecimal.ZERO}), first.price(), null, first.asOf(), null,
                ReportAction.NEW, first.lineage()));
        assertThat(ledger.commit(withId(ack, ack.submissionId() + "-mixed"), "other", mixed)).isTrue();
        assertThat(ledger.count("position_state")).isEqualTo(ps.size() * 2L);
        assertThat(ledger.positions(newFirm)).hasSize(ps.size());
        assertThat(ledger.positions(first.firmLei())).filteredOn(p -> p.bookKey().equals(first.bookKey()))
                .singleElement().satisfies(p -> assertThat(p.longQty()).isEqualByComparingTo("77"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSnapshotKeepsSeeingTheCommitsItStartedWith(String url) throws Exception {
        Ledger ledger = open(url);
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        String amend = "fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml";
        List<Position> first = read(eod);
        assertThat(ledger.commit(ack(eod, first), "meridian", first)).isTrue();
        try (Ledger.Snapshot snapshot = ledger.snapshot()) {
            List<String> before = snapshot.submissionIds();
            List<String> booked = new ArrayList<>();
            snapshot.book().forEachAccount(a -> a.forEach(p -> booked.add(json(p))));
            List<Position> second = read(amend);
            assertThat(ledger.commit(ack(amend, second), "meridian", second)).isTrue();
            // committed meanwhile: not in this snapshot, in the next
            assertThat(snapshot.submissionIds()).isEqualTo(before).hasSize(1);
            List<String> again = new ArrayList<>();
            snapshot.book().forEachAccount(a -> a.forEach(p -> again.add(json(p))));
            assertThat(again).isEqualTo(booked);
        }
        try (Ledger.Snapshot next = ledger.snapshot()) {
            assertThat(next.submissionIds()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPrincipalsContentIsCommittedOnceAnotherPrincipalsCopyIsItsOwnSubmission(String url) throws Exception {
        Ledger ledger = open(url);
        Committed eod = commitEod(ledger);
        List<Position> ps = eod.positions();
        Ack ack = eod.ack();
        assertThat(ledger.commit(withId(ack, ack.submissionId() + "-again"), "meridian", ps))
                .as("the same principal's content again").isFalse();
        assertThat(ledger.count("submission")).isEqualTo(1);

        Ack other = withId(ack, ack.submissionId() + "-other");
        assertThat(ledger.commit(other, "someone-else", ps)).as("another principal's copy").isTrue();
        assertThat(ledger.latest("meridian", ack.sha256())).get().extracting(Ledger.SubmissionRow::id)
                .isEqualTo(ack.submissionId());
        assertThat(ledger.latest("someone-else", ack.sha256())).get().extracting(Ledger.SubmissionRow::id)
                .isEqualTo(other.submissionId());
        assertThat(ledger.latest("nobody", ack.sha256())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aResubmissionSupersedesTheLatestAndTheHistoryKeepsBoth(String url) throws Exception {
        Ledger ledger = open(url);
        Committed eod = commitEod(ledger);
        List<Position> ps = eod.positions();
        Ack first = eod.ack();
        Ledger.SubmissionRow row = ledger.latest("meridian", first.sha256()).orElseThrow();
        assertThat(row.revision()).isEqualTo(1);
        assertThat(row.supersedes()).isNull();

        Ack second = withId(first, first.submissionId() + "-r2");
        Ledger.Contents contents = Ledger.Contents.of(ps, List.of(), List.of());
        assertThat(ledger.commit(second, "meridian", Ledger.Revision.after(row), contents)).isTrue();
        assertThat(ledger.commit(withId(first, "late"), "meridian", Ledger.Revision.after(row), contents))
                .as("revision 2 is taken").isFalse();
        assertThat(ledger.history("meridian", first.sha256()))
                .extracting(Ledger.SubmissionRow::id, Ledger.SubmissionRow::revision, Ledger.SubmissionRow::supersedes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first.submissionId(), 1, null),
                        org.assertj.core.groups.Tuple.tuple(second.submissionId(), 2, first.submissionId()));
        assertThat(ledger.positions("5493007MERIDIANFUT65")).as("the state is the resubmission's, once")
                .hasSize(3).allSatisfy(p -> assertThat(p.lineage().submissionId()).isNotNull());
        assertThat(ledger.count("position_state")).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCommitWhoseBookDoesNotHoldWhatTheRunBookedIsRolledBack(String url) throws Exception {
        Ledger ledger = open(url);
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        List<Position> ps = read(eod);
        Ack ack = ack(eod, ps);
        // a run that booked 3 positions whose book reads empty (a spilled book read after it was closed)
        Ledger.Contents empty = new Ledger.Contents(io.concord.book.AccountBook.of(List.of()), 3, List.of(),
                List.of());
        assertThatThrownBy(() -> ledger.commit(ack, "meridian", Ledger.Revision.FIRST, empty))
                .isInstanceOf(Ledger.NotStored.class).hasMessageContaining("received 0 of 3 booked positions");
        Ledger.Contents short1 = new Ledger.Contents(io.concord.book.AccountBook.of(ps.subList(0, 2)), 3, List.of(),
                List.of());
        assertThatThrownBy(() -> ledger.commit(ack, "meridian", Ledger.Revision.FIRST, short1))
                .isInstanceOf(Ledger.NotStored.class).hasMessageContaining("received 2 of 3 booked positions");
        assertThat(ledger.count("submission")).isZero();
        assertThat(ledger.count("position_state")).isZero();
        assertThat(ledger.commit(ack, "meridian", ps)).as("the whole book commits").isTrue();
        assertThat(ledger.count("position_state")).isEqualTo(3);
    }

    private static Ack withId(Ack a, String id) {
        return new Ack(id, a.feed(), a.file(), a.sha256(), a.bytes(), a.receivedAt(), a.mappingsVersion(), a.status(),
                a.received(), a.accepted(), a.rejected(), a.rejections(), a.duplicateOf());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void countsThatDoNotReconcileAreRefusedByTheDatabaseAndNothingIsKept(String url) throws Exception {
        Ledger ledger = open(url);
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        List<Position> ps = read(eod);
        Ack good = ack(eod, ps);
        Ack bad = new Ack(good.submissionId(), good.feed(), good.file(), good.sha256(), good.bytes(),
                good.receivedAt(), good.mappingsVersion(), Ack.Status.ACCEPTED, 5, 3, 0, List.of(), null);
        assertThatThrownBy(() -> ledger.commit(bad, "meridian", ps)).isInstanceOf(Ledger.LedgerException.class);
        assertThat(ledger.count("submission")).isZero();
        assertThat(ledger.count("position_state")).as("rolled back with the submission").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reopeningMigratesNothingTwiceAndKeepsTheData(String url) throws Exception {
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        List<Position> ps = read(eod);
        open(url).commit(ack(eod, ps), "meridian", ps);
        assertThat(open(url).positions("5493007MERIDIANFUT65")).hasSize(3);
    }

    /** A fixture file parsed and normalized whole, as a submission commits it, with its ack. */
    /** A submission committed in a test: its positions and ack. */
    record Committed(List<Position> positions, Ack ack) {
    }

    /** Meridian's end-of-day FIXML report committed to {@code ledger} by principal {@code meridian}. */
    private static Committed commitEod(Ledger ledger) throws Exception {
        String eod = "fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml";
        List<Position> ps = read(eod);
        Ack ack = ack(eod, ps);
        assertThat(ledger.commit(ack, "meridian", ps)).isTrue();
        return new Committed(ps, ack);
    }

    record Normalized(Ack ack, NormalizedBatch batch) {
    }

    static Normalized normalized(String file, FeedParser parser) throws Exception {
        Path p = Path.of(file);
        SourceFile src = FeedFormats.describe(p, parser.id());
        List<FeedItem> items = new ArrayList<>();
        try (RecordStream s = parser.open(Files.newInputStream(p), src)) {
            s.forEachRemaining(items::add);
        }
        NormalizedBatch b = new Normalizer(TestMappings.SHIPPED).normalize(new RecordBatch(src, 1, true, items));
        int accepted = b.positions().size() + b.collateral().size() + b.sensitivities().size();
        Ack ack = new Ack(src.submissionId(), src.feedId(), src.name(), src.sha256(), src.bytes(), Instant.now(),
                TestMappings.SHIPPED.version(), b.failures().isEmpty() ? Ack.Status.ACCEPTED : Ack.Status.PARTIAL,
                accepted + b.failures().size(), accepted, b.failures().size(), List.of(), null);
        return new Normalized(ack, b);
    }

    private static boolean commit(Ledger ledger, Normalized n) {
        return ledger.commit(n.ack(), "hudson", n.batch().positions(), n.batch().collateral(),
                n.batch().sensitivities());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLaterCollateralLineReplacesTheStoredLineOfItsKeyAndLeavesTheOthers(String url) throws Exception {
        Ledger ledger = open(url);
        Normalized cme = normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser());
        Normalized later = normalized("fixtures/bad/acctsum-bad-collateral.xml", new AcctSumRptParser());
        assertThat(commit(ledger, cme)).isTrue();
        assertThat(ledger.collateral()).hasSize(cme.batch().collateral().size());

        assertThat(commit(ledger, later)).isTrue();
        List<CollateralLine> house = ledger.collateral().stream()
                .filter(l -> l.ownerLei().equals("549300HUDSONCLR0RG39") && l.account().equals("HOUSE")).toList();
        assertThat(house).extracting(CollateralLine::assetClass, l -> l.marketValue().stripTrailingZeros())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("COLLATERAL/CASH/USD", new java.math.BigDecimal("7E+5")),
                        org.assertj.core.groups.Tuple.tuple("COLLATERAL/TREASURY/NOTE", new java.math.BigDecimal("6.015E+7")));
        assertThat(ledger.collateral()).as("one line of the first submission replaced")
                .hasSize(cme.batch().collateral().size() + later.batch().collateral().size() - 1);
        assertThat(ledger.count("collateral_state")).isEqualTo(ledger.collateral().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLaterSubmissionOfAPortfoliosSensitivitiesReplacesAllItsRowsAndNoOtherPortfolios(String url)
            throws Exception {
        Ledger ledger = open(url);
        Normalized hudson = normalized("fixtures/crif/crif-hudson-2026-11-20.csv", new CrifParser());
        Normalized meridian = normalized("fixtures/crif/crif-meridian-2026-11-20.tsv", new CrifParser());
        Normalized again = normalized("fixtures/bad/crif-bad-rows.csv", new CrifParser());
        assertThat(hudson.batch().sensitivities()).hasSize(28);
        assertThat(again.batch().sensitivities()).hasSize(1);
        commit(ledger, hudson);
        commit(ledger, meridian);
        assertThat(ledger.sensitivities()).hasSize(28 + 13);

        commit(ledger, again);
        List<Sensitivity> rows = ledger.sensitivities();
        assertThat(rows.stream().filter(r -> r.account().equals("NS-HUD-GSI-01")).toList())
                .containsExactlyElementsOf(again.batch().sensitivities());
        assertThat(rows.stream().filter(r -> r.account().equals("NS-MER-JPM-07")).toList())
                .as("another portfolio is untouched, in its order").containsExactlyElementsOf(meridian.batch().sensitivities());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSubmissionLargerThanAChunkIsCommittedWholeAndALaterReportOfAKeyWins(String url) throws Exception {
        Path file = tmp.resolve("posrpt-" + UUID.randomUUID() + ".xml");
        int n = StateStore.CHUNK * 2 + 500;
        new FeedGenerator(7).fixmlPositions(file, n, 25);
        List<Position> ps = new ArrayList<>(read(file.toString()));
        Position first = ps.get(0);
        // the first key reported again in the last chunk: a NEW report that replaces the first one's quantities
        ps.add(new Position(first.firmLei(), first.account(), first.segregationClass(), first.product(),
                new BigDecimal("4321"), BigDecimal.ZERO, java.util.Map.of("FIN", new BigDecimal[] {
                        new BigDecimal("4321"), BigDecimal.ZERO}), first.price(), null, first.asOf(), null,
                ReportAction.NEW, first.lineage()));
        Ledger ledger = open(url);
        assertThat(ledger.commit(ack(file.toString(), ps), "bench", ps)).isTrue();
        assertThat(ledger.count("position_state")).as("every key once").isEqualTo(n);
        Position stored = ledger.positions(first.firmLei()).stream()
                .filter(p -> p.bookKey().equals(first.bookKey())).findFirst().orElseThrow();
        assertThat(stored.longQty()).isEqualByComparingTo("4321");
        // streamed (the current state's read), past several fetch rounds: the same states as the list read
        assertThat(n).isGreaterThan(Ledger.FETCH_SIZE * 2);
        List<Position> streamed = new ArrayList<>();
        assertThat(ledger.forEachPosition(streamed::add)).isEqualTo(n);
        // read in the ledger's account order (the current state's read): the order of the whole book sorted
        List<String> inOrder = new ArrayList<>();
        io.concord.book.AccountBook.of(ledger.positions()).forEachAccount(a -> a.forEach(p -> inOrder.add(json(p))));
        List<String> fromLedger = new ArrayList<>();
        try (Ledger.Snapshot snapshot = ledger.snapshot()) {
            snapshot.book().forEachAccount(a -> a.forEach(p -> fromLedger.add(json(p))));
        }
        assertThat(fromLedger).containsExactlyElementsOf(inOrder);
        // (a position's quantities are arrays, so it is compared by its JSON)
        assertThat(streamed.stream().map(LedgerTest::json).toList())
                .containsExactlyInAnyOrderElementsOf(ledger.positions().stream().map(LedgerTest::json).toList());
    }

    private static String json(Position p) {
        try {
            return io.concord.report.Json.MAPPER.writeValueAsString(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
