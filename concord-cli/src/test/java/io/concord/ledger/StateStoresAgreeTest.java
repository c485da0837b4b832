package io.concord.ledger;

import io.concord.feed.crif.CrifParser;
import io.concord.feed.fixml.AcctSumRptParser;
import io.concord.feed.fixml.PosRptParser;
import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.BusRecord;
import io.concord.gateway.bus.WorkerState;
import io.concord.ledger.LedgerTest.Normalized;
import io.concord.model.CollateralLine;
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
 * One state rule for both state stores: the gateway's {@link Ledger} (serve) and the bus workers'
 * {@link WorkerState} (serve on Kafka, read by {@code concord margin}) hold the same positions, collateral lines and
 * CRIF rows after the same submissions in the same order, including a later submission that restates a collateral
 * line's key and a CRIF portfolio, and whatever the deliveries the workers received them in.
 */
class StateStoresAgreeTest {

    @RegisterExtension
    static final LedgerDatabases DATABASES = new LedgerDatabases();

    @TempDir
    static Path tmp;

    static Stream<String> databases() throws Exception {
        return DATABASES.urls();
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
    void theWorkersHoldWhatTheLedgerHoldsAfterTheSameSubmissions(String url) throws Exception {
        List<Normalized> submissions = submissions();
        Ledger ledger = Ledger.open(url, LedgerDatabases.user(url), "");
        BusPublisher publisher = new BusPublisher();
        List<BusRecord> published = new ArrayList<>();
        for (Normalized n : submissions) {
            assertThat(ledger.commit(n.ack(), "hudson", n.batch().positions(), n.batch().collateral(),
                    n.batch().sensitivities())).isTrue();
            for (BusRecord.Kind kind : BusRecord.Kind.values()) {
                published.addAll(publisher.records(kind, n.batch()));
            }
        }
        try (WorkerState workers = WorkerState.open(url, LedgerDatabases.user(url), "")) {
            // deliveries of 3 records: a submission's rows of one key reach the worker in several deliveries
            for (int from = 0; from < published.size(); from += 3) {
                workers.apply(published.subList(from, Math.min(published.size(), from + 3)));
            }
            assertThat(workers.records()).isEqualTo(published.size());
            assertSameState(ledger, workers);

            // what the restatements did, checked against the fixtures themselves, not only between the stores
            Normalized cme = submissions.get(1);
            Normalized laterCollateral = submissions.get(5);
            assertThat(workers.collateral()).as("one CME line replaced by the later file's line of its key")
                    .hasSize(cme.batch().collateral().size() + laterCollateral.batch().collateral().size() - 1)
                    .containsAll(laterCollateral.batch().collateral());
            Normalized laterCrif = submissions.get(6);
            assertThat(workers.sensitivities().stream().filter(s -> s.account().equals("NS-HUD-GSI-01")).toList())
                    .as("the restated portfolio holds only the later file's rows")
                    .containsExactlyElementsOf(laterCrif.batch().sensitivities());

            // a re-delivery of everything (a rewound consumer group) is recognised and changes nothing
            assertThat(workers.apply(published.subList(0, published.size() / 2))).isZero();
            assertSameState(ledger, workers);
        }
    }

    private static void assertSameState(Ledger ledger, WorkerState workers) {
        // as JSON: a position's quantities are arrays, which records compare by identity
        assertThat(json(workers.positions())).as("booked positions")
                .containsExactlyInAnyOrderElementsOf(json(ledger.positions()))
                .hasSize((int) ledger.count("position_state"));
        assertThat(workers.collateral()).as("collateral lines, in arrival order")
                .containsExactlyElementsOf(ledger.collateral());
        assertThat(workers.sensitivities()).as("CRIF rows, in arrival order")
                .containsExactlyElementsOf(ledger.sensitivities());
    }

    /**
     * A worker state written before schema version 5 held every collateral line and CRIF row ever applied: the
     * migration fills in each row's submission and key from its JSON and applies the rule to what is stored.
     */
    @Test
    void aStateFromBeforeVersion5IsKeyedAndTheRuleAppliedToIt() throws Exception {
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
        try (Connection c = DriverManager.getConnection(url, "sa", "");
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
        }
        try (WorkerState workers = WorkerState.open(url, "sa", "")) {
            List<CollateralLine> lines = workers.collateral();
            assertThat(lines).hasSize(cme.batch().collateral().size() + later.batch().collateral().size() - 1)
                    .containsAll(later.batch().collateral());
            List<Sensitivity> rows = workers.sensitivities();
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
            assertThat(workers.collateral()).hasSize(lines.size() - countKey(lines, restated) + 1)
                    .contains(again).doesNotContain(restated);
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
