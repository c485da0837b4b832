package io.concord.ledger;

import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.AcctSumRptParser;
import io.concord.feed.fixml.PosRptParser;
import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.BusRecord;
import io.concord.gateway.bus.WorkerState;
import io.concord.ledger.LedgerTest.Normalized;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;
import io.concord.testing.TestLines;
import io.concord.testing.LedgerDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One state store, two writers: the gateway's {@link Ledger} commits whole submissions (serve) and the bus workers'
 * {@link WorkerState} applies deliveries of records (serve on Kafka, read by {@code concord margin}), both through
 * {@link StateStore} into the same tables. Written into two databases, the same submissions in the same order leave
 * the same positions, collateral lines and CRIF rows, naming the same submissions, including a later submission
 * that restates a collateral line's key and a CRIF portfolio, and whatever the deliveries the workers received them
 * in.
 */
class StateStoresAgreeTest {

    @RegisterExtension
    static final LedgerDatabases DATABASES = new LedgerDatabases();

    @TempDir
    static Path tmp;

    /** Per database kind, one database the gateway's ledger writes and one the workers write. */
    static Stream<org.junit.jupiter.params.provider.Arguments> databases() throws Exception {
        List<String> gateway = DATABASES.urls().toList();
        List<String> workers = DATABASES.urls().toList();
        return java.util.stream.IntStream.range(0, gateway.size())
                .mapToObj(i -> org.junit.jupiter.params.provider.Arguments.of(gateway.get(i), workers.get(i)));
    }

    /** Fixture submissions in commit order: the second collateral and the last CRIF file restate earlier keys. */
    private static List<Normalized> submissions() throws Exception {
        return List.of(
                LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml", new PosRptParser()),
                LedgerTest.normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser()),
                LedgerTest.normalized("fixtures/crif/crif-hudson-2026-11-20.csv", new CrifParser()),
                LedgerTest.normalized("fixtures/crif/crif-meridian-2026-11-20.tsv", new CrifParser()),
                LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml", new PosRptParser()),
                LedgerTest.normalized("fixtures/bad/acctsum-bad-collateral.xml", new AcctSumRptParser()),
                LedgerTest.normalized("fixtures/bad/crif-bad-rows.csv", new CrifParser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theWorkersWriteWhatTheLedgerWritesAfterTheSameSubmissions(String url, String workersUrl) throws Exception {
        List<Normalized> submissions = submissions();
        Ledger ledger = Ledger.open(url, LedgerDatabases.user(url), "");
        Ledger written = Ledger.open(workersUrl, LedgerDatabases.user(workersUrl), "");
        BusPublisher publisher = new BusPublisher();
        List<BusRecord> published = new ArrayList<>();
        for (Normalized n : submissions) {
            assertThat(ledger.commit(n.ack(), "hudson", n.batch().positions(), n.batch().collateral(),
                    n.batch().sensitivities())).isTrue();
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                published.addAll(publisher.records(kind, n.batch()));
            }
        }
        try (WorkerState workers = WorkerState.open(workersUrl, LedgerDatabases.user(workersUrl), "")) {
            // deliveries of 3 records: a submission's rows of one key reach the worker in several deliveries
            for (int from = 0; from < published.size(); from += 3) {
                workers.apply(published.subList(from, Math.min(published.size(), from + 3)));
            }
            assertThat(workers.records()).isEqualTo(published.size()).isEqualTo(written.count("applied_record"));
            assertSameState(ledger, written);
            // each row names its submission as the ledger's does: what a submission touched reads the same
            try (Ledger.Snapshot a = ledger.snapshot(); Ledger.Snapshot b = written.snapshot()) {
                for (Normalized n : submissions) {
                    List<String> id = List.of(n.ack().submissionId());
                    assertThat(b.touched(id)).as(n.ack().file()).isEqualTo(a.touched(id));
                }
            }

            // what the restatements did, checked against the fixtures themselves, not only between the stores
            Normalized cme = submissions.get(1);
            Normalized laterCollateral = submissions.get(5);
            assertThat(written.collateral()).as("one CME line replaced by the later file's line of its key")
                    .hasSize(cme.batch().collateral().size() + laterCollateral.batch().collateral().size() - 1)
                    .containsAll(laterCollateral.batch().collateral());
            Normalized laterCrif = submissions.get(6);
            assertThat(written.sensitivities().stream().filter(s -> s.account().equals("NS-HUD-GSI-01")).toList())
                    .as("the restated portfolio holds only the later file's rows")
                    .containsExactlyElementsOf(laterCrif.batch().sensitivities());

            // a re-delivery of everything (a rewound consumer group) is recognised and changes nothing
            assertThat(workers.apply(published.subList(0, published.size() / 2))).isZero();
            assertSameState(ledger, written);
        }
    }

    private static void assertSameState(Ledger ledger, Ledger workers) {
        // as JSON: a position's quantities are arrays, which records compare by identity
        assertThat(json(workers.positions())).as("booked positions")
                .containsExactlyElementsOf(json(ledger.positions()))
                .hasSize((int) ledger.count("position_state")).isNotEmpty();
        assertThat(workers.collateral()).as("collateral lines, in arrival order")
                .containsExactlyElementsOf(ledger.collateral());
        assertThat(workers.sensitivities()).as("CRIF rows, in arrival order")
                .containsExactlyElementsOf(ledger.sensitivities());
    }

    /**
     * A worker state written before schema version 5 held every collateral line and CRIF row ever applied: the
     * migration to version 5 fills in each row's submission and key from its JSON and applies the rule to what is
     * stored; version 6 moves the rows, the booked positions and the applied identities into the one state store.
     */
    @Test
    void aWorkerStateFromBeforeVersion5IsKeyedAndMovedIntoTheStateTables() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("v4-" + UUID.randomUUID()) + ";DB_CLOSE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("4").load().migrate();
        Normalized cme = LedgerTest.normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser());
        Normalized later = LedgerTest.normalized("fixtures/bad/acctsum-bad-collateral.xml", new AcctSumRptParser());
        Normalized crif = LedgerTest.normalized("fixtures/crif/crif-hudson-2026-11-20.csv", new CrifParser());
        Normalized crifLater = LedgerTest.normalized("fixtures/bad/crif-bad-rows.csv", new CrifParser());
        BusPublisher publisher = new BusPublisher();
        List<BusRecord> old = new ArrayList<>();
        for (Normalized n : List.of(cme, crif, later, crifLater)) {
            old.addAll(publisher.collateral(n.batch()));
            old.addAll(publisher.sensitivities(n.batch()));
        }
        Normalized eod = LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml",
                new PosRptParser());
        List<BusRecord> positions = publisher.positions(eod.batch());
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement pos = c.prepareStatement("INSERT INTO bus_position (book_key, firm_lei, account, "
                     + "first_seq, record_id, position_json) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement applied = c.prepareStatement("INSERT INTO bus_record (record_id, kind, firm_lei, "
                     + "account, applied_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)");
             PreparedStatement col = c.prepareStatement("INSERT INTO bus_collateral (record_id, firm_lei, account, "
                     + "seq, line_json) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement sen = c.prepareStatement("INSERT INTO bus_sensitivity (record_id, firm_lei, "
                     + "account, seq, sensitivity_json) VALUES (?, ?, ?, ?, ?)")) {
            for (BusRecord r : old) {
                PreparedStatement ps = r.kind() == BusRecord.Kind.COLLATERAL ? col : sen;
                ps.setString(1, r.id());
                ps.setString(2, r.firm());
                ps.setString(3, r.account());
                ps.setLong(4, r.seq());
                ps.setString(5, Json.MAPPER.writeValueAsString(r.kind() == BusRecord.Kind.COLLATERAL
                        ? r.collateral() : r.sensitivity()));
                ps.executeUpdate();
            }
            for (BusRecord r : positions) { // one report per key in this file: each record is its key's state
                pos.setString(1, r.position().bookKey());
                pos.setString(2, r.firm());
                pos.setString(3, r.account());
                pos.setLong(4, r.seq());
                pos.setString(5, r.id());
                pos.setString(6, Json.MAPPER.writeValueAsString(r.position()));
                pos.executeUpdate();
            }
            for (BusRecord r : old) {
                applied.setString(1, r.id());
                applied.setString(2, r.kind().name());
                applied.setString(3, r.firm());
                applied.setString(4, r.account());
                applied.executeUpdate();
            }
        }
        try (WorkerState workers = WorkerState.open(url, "sa", "")) {
            Ledger state = Ledger.open(url, "sa", "");
            assertThat(json(state.positions())).containsExactlyInAnyOrderElementsOf(
                    json(positions.stream().map(BusRecord::position).toList()));
            assertThat(workers.records()).isEqualTo(old.size());
            try (Ledger.Snapshot snapshot = state.snapshot()) {
                assertThat(snapshot.touched(List.of(eod.ack().submissionId())).firms())
                        .containsExactlyElementsOf(eod.batch().positions().stream().map(p -> p.firmLei())
                                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
            }
            // the identities kept their submission: a re-delivery of the old records changes nothing
            assertThat(workers.apply(old)).isZero();
            List<CollateralLine> lines = state.collateral();
            assertThat(lines).hasSize(cme.batch().collateral().size() + later.batch().collateral().size() - 1)
                    .containsAll(later.batch().collateral());
            List<Sensitivity> rows = state.sensitivities();
            assertThat(rows.stream().filter(s -> s.account().equals("NS-HUD-GSI-01")).toList())
                    .containsExactlyElementsOf(crifLater.batch().sensitivities());
            assertThat(rows).hasSize(crif.batch().sensitivities().stream()
                    .filter(s -> !s.account().equals("NS-HUD-GSI-01")).toList().size()
                    + crifLater.batch().sensitivities().size());

            // and a line applied after the migration follows the rule against the migrated rows
            CollateralLine restated = later.batch().collateral().get(0);
            CollateralLine again = TestLines.restated(restated, "acctsum-third-0001", 1, new BigDecimal("123.45"));
            workers.apply(List.of(new BusRecord("collateral:acctsum-third-0001:1", Long.MAX_VALUE,
                    again.ownerLei(), again.account(), null, again, null)));
            assertThat(state.collateral()).hasSize(lines.size() - countKey(lines, restated) + 1)
                    .contains(again).doesNotContain(restated);
        }
    }

    /**
     * A database the gateway and its workers shared before version 6 held the state twice, the ledger's and the
     * workers' copy: the upgrade keeps the ledger's rows, drops the copy, and from then on a worker writes the
     * state tables, for a submission whose row is not (yet) in the ledger too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSharedDatabaseFromVersion5KeepsTheLedgersStateOnce(String url, String unused) throws Exception {
        String user = LedgerDatabases.user(url);
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration",
                "classpath:io/concord/ledger/migration").target("5").load().migrate();
        Normalized eod = LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml",
                new PosRptParser());
        Normalized cme = LedgerTest.normalized("fixtures/cftc/acctsum-cme-2026-11-20.xml", new AcctSumRptParser());
        BusPublisher publisher = new BusPublisher();
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            for (Normalized n : List.of(eod, cme)) {
                insert(c, "INSERT INTO submission (id, sha256, feed, file_name, principal, received_at, status, "
                        + "received, accepted, rejected, mappings_version) VALUES (?, ?, ?, ?, 'hudson', "
                        + "CURRENT_TIMESTAMP, ?, ?, ?, ?, ?)", n.ack().submissionId(), n.ack().sha256(), n.ack().feed(),
                        n.ack().file(), n.ack().status().name(), n.ack().received(), n.ack().accepted(),
                        n.ack().rejected(), n.ack().mappingsVersion());
            }
            for (BusRecord r : publisher.positions(eod.batch())) { // the ledger's row and the workers' copy
                String json = Json.MAPPER.writeValueAsString(r.position());
                insert(c, "INSERT INTO position_state (book_key, firm_lei, account, as_of, submission_id, record_no, "
                        + "position_json) VALUES (?, ?, ?, ?, ?, ?, ?)", r.position().bookKey(), r.firm(), r.account(),
                        r.position().asOf(), eod.ack().submissionId(), r.position().lineage().record(), json);
                insert(c, "INSERT INTO bus_position (book_key, firm_lei, account, first_seq, record_id, position_json) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", r.position().bookKey(), r.firm(), r.account(), r.seq(), r.id(),
                        json);
            }
            int line = 0;
            for (BusRecord r : publisher.collateral(cme.batch())) {
                String json = Json.MAPPER.writeValueAsString(r.collateral());
                insert(c, "INSERT INTO collateral_state (submission_id, line_no, line_key, owner_lei, account, as_of, "
                        + "record_no, line_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", cme.ack().submissionId(), ++line,
                        r.collateral().stateKey(), r.collateral().ownerLei(), r.account(), r.collateral().asOf(),
                        r.collateral().lineage().record(), json);
                insert(c, "INSERT INTO bus_collateral (record_id, firm_lei, account, seq, line_json, submission_id, "
                        + "line_key) VALUES (?, ?, ?, ?, ?, ?, ?)", r.id(), r.firm(), r.account(), r.seq(), json,
                        cme.ack().submissionId(), r.collateral().stateKey());
            }
        }
        Ledger ledger = Ledger.open(url, user, "");
        assertThat(json(ledger.positions())).containsExactlyInAnyOrderElementsOf(
                json(publisher.positions(eod.batch()).stream().map(BusRecord::position).toList()));
        assertThat(ledger.collateral()).containsExactlyElementsOf(cme.batch().collateral());
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            for (String gone : List.of("bus_position", "bus_collateral", "bus_sensitivity", "bus_record")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM " + gone)).as(gone).isInstanceOf(java.sql.SQLException.class);
            }
        }
        // a worker's delivery for a submission the ledger has no row of: the state no longer refers to submission
        Normalized amend = LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-2-amend.xml",
                new PosRptParser());
        try (WorkerState workers = WorkerState.open(url, user, "")) {
            List<BusRecord> records = publisher.positions(amend.batch());
            assertThat(workers.apply(records)).isEqualTo(records.size());
        }
        try (Ledger.Snapshot snapshot = ledger.snapshot()) {
            assertThat(snapshot.touched(List.of(amend.ack().submissionId())).firms()).isNotEmpty();
        }
        assertThat(ledger.count("position_state")).isEqualTo(ledger.positions().size());
    }

    /**
     * A worker's delivery larger than the rows {@link StateStore} applies per round ({@value StateStore#CHUNK}), whose
     * keys come again in later rounds: each round looks its keys up in what the earlier ones wrote, so the state is
     * that of the overwrite rule applied to the whole delivery in order, one row per key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeliveryPastTheChunkWithKeysRepeatedAcrossChunksLeavesTheOverwriteRulesState(String url, String unused)
            throws Exception {
        Position base = LedgerTest.normalized("fixtures/cftc/posrpt-meridian-2026-11-20-1-eod.xml",
                new PosRptParser()).batch().positions().get(0);
        int keys = StateStore.CHUNK + 1_000;
        List<Position> delivery = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            delivery.add(restated(base, "W-" + k, k + 1, 100 + k % 7));
        }
        for (int k = 0; k < keys; k += 2) { // every other key again, in the second and third rounds
            delivery.add(restated(base, "W-" + k, keys + k + 1, 7 + k % 11));
        }
        assertThat(delivery.size()).isGreaterThan(StateStore.CHUNK + keys / 2);
        io.concord.book.PositionBook expected = new io.concord.book.PositionBook();
        delivery.forEach(expected::apply);
        List<BusRecord> records = new BusPublisher().positions(new io.concord.mapping.NormalizedBatch(null, 0, true,
                delivery, List.of(), List.of(), List.of()));
        try (WorkerState workers = WorkerState.open(url, LedgerDatabases.user(url), "")) {
            assertThat(workers.apply(records)).isEqualTo(delivery.size());
        }
        Ledger state = Ledger.open(url, LedgerDatabases.user(url), "");
        assertThat(json(state.positions())).hasSize(keys)
                .containsExactlyInAnyOrderElementsOf(json(List.copyOf(expected.positions())));
    }

    /** {@code p} as another account's report: the given record number and long quantity. */
    private static Position restated(Position p, String account, long record, long qty) {
        io.concord.model.Lineage l = p.lineage();
        return new Position(p.firmLei(), account, p.segregationClass(), p.product(), BigDecimal.valueOf(qty),
                BigDecimal.ZERO, java.util.Map.of("FIN", new BigDecimal[] {BigDecimal.valueOf(qty), BigDecimal.ZERO}),
                p.price(), p.marketValue(), p.asOf(), p.location(), p.action(), new io.concord.model.Lineage(
                        l.feed(), l.file(), record, l.location(), "bulk-delivery-0001", l.mappingId(),
                        l.mappingVersion(), l.mappingSet()));
    }

    /** One row, its values bound in order. */
    private static void insert(Connection c, String sql, Object... values) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    private static List<String> json(List<?> values) {
        return values.stream().map(v -> {
            try {
                return Json.MAPPER.writeValueAsString(v);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static int countKey(List<CollateralLine> lines, CollateralLine line) {
        return (int) lines.stream().filter(l -> l.stateKey().equals(line.stateKey())).count();
    }
}
