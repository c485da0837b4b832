package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.book.SpillingBook;
import io.concord.gateway.serve.ServeHarness.Reply;
import io.concord.gateway.routes.InboxRoutes;
import io.concord.ledger.Ledger;
import io.concord.model.Position;
import io.concord.report.Json;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.LARKSPUR;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What serve mode acknowledges is what its ledger holds: a book that spills to disk is committed whole, a commit that
 * fails leaves nothing behind and says so, content is deduplicated per principal (never naming another's submission),
 * a resubmission on purpose supersedes the earlier one, concurrent copies of one file are processed once, and values
 * longer than the ledger's columns are rejected per record. Each test sends content no other test sends.
 */
class ServeSubmissionTest {

    @TempDir
    static Path dir;
    static ServeHarness gateway;
    static String ledgerUrl;

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 50_000_000, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("larkspur", Principal.Role.FIRM, LARKSPUR)));
        ledgerUrl = "jdbc:h2:file:" + dir.resolve("data/ledger");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    static Ledger ledger() {
        return Ledger.open(ledgerUrl, "sa", "");
    }

    /** A sec-bd-positions file of larkspur's: one position per account {@code <prefix>-<i>}, every key distinct. */
    static byte[] csv(String prefix, int rows) {
        StringBuilder b = new StringBuilder(
                "firm_lei,account,segregation_class,cusip,symbol,security_type,quantity,side,price,currency,as_of,location\n");
        for (int i = 0; i < rows; i++) {
            b.append(LARKSPUR).append(',').append(prefix).append('-').append(i)
                    .append(",SEC_15C3_3_CUST,037833100,AAPL,CS,").append(100 + i % 900).append(",LONG,101.25,USD,2026-11-20,DTC\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Reply post(String key, byte[] body, String name, String query) throws Exception {
        return gateway.call("POST", "/feeds/sec-bd-positions" + query, key, body, "text/csv", name);
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The ledger's positions of larkspur booked by one submission. */
    static List<Position> bookedBy(String submissionId) {
        return ledger().positions(LARKSPUR).stream()
                .filter(p -> submissionId.equals(p.lineage().submissionId())).toList();
    }

    static long currentBookLines(String accountPrefix) throws Exception {
        gateway.runtime.gateway().current().settled().get(2, TimeUnit.MINUTES);
        try (Stream<String> lines = Files.lines(dir.resolve("out/current/book/positions.jsonl"))) {
            return lines.filter(l -> l.contains("\"account\":\"" + accountPrefix + "-")).count();
        }
    }

    @Test
    void aSubmissionWhoseBookSpillsToDiskIsCommittedWhole() throws Exception {
        gateway.runtime.gateway().bookInMemoryUpTo(97); // about twenty runs on disk
        try {
            Reply r = post("k-larkspur", csv("SPILL", 2_000), "spill.csv", "");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.body().get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(r.body().get("accepted").asInt()).isEqualTo(2_000);
            String id = r.body().get("submissionId").asText();
            assertThat(bookedBy(id)).as("every booked position is in the ledger").hasSize(2_000);
            assertThat(currentBookLines("SPILL")).isEqualTo(2_000);

            Path published = dir.resolve("out/submissions").resolve(id);
            try (Stream<String> book = Files.lines(published.resolve("book/positions.jsonl"))) {
                assertThat(book.count()).isEqualTo(2_000);
            }
            JsonNode summary = Json.MAPPER.readTree(published.resolve("summary.json").toFile());
            assertThat(summary.get("bookedPositions").asInt()).isEqualTo(2_000);
            for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("outputs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> output = it.next();
                assertThat(Path.of(output.getValue().asText())).as("summary output " + output.getKey())
                        .exists().startsWith(published);
            }
            assertThat(dir.resolve("out/.work")).isEmptyDirectory();
        } finally {
            gateway.runtime.gateway().bookInMemoryUpTo(SpillingBook.DEFAULT_LIMIT);
        }
    }

    @Test
    void aCommitTheDatabaseRefusesLeavesNothingBehindAndTheCallerIsToldSo() throws Exception {
        byte[] body = csv("POISON", 3);
        try (Connection c = DriverManager.getConnection(ledgerUrl, "sa", ""); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE position_state ADD CONSTRAINT poison CHECK (account <> 'POISON-1')");
        }
        try {
            Reply refused = post("k-larkspur", body, "poison.csv", "");
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.body().get("error").asText()).contains("not stored").contains("send it again");
            assertThat(ledger().latest("larkspur", sha256(body))).isEmpty();
            String content = sha256(body).substring(0, 16);
            try (Stream<Path> s = Files.list(dir.resolve("out/submissions"))) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(content));
            }
            assertThat(dir.resolve("out/.work")).isEmptyDirectory();
            try (Stream<Path> s = Files.list(dir.resolve("out/.incoming"))) {
                assertThat(s).as("the upload's spool is gone").isEmpty();
            }

            // the inbox keeps a file that was not stored, to be taken again when the gateway restarts
            NotifyBuilder failed = new NotifyBuilder(gateway.runtime.camelContext())
                    .fromRoute("inbox-sec-bd-positions").whenFailed(1).create();
            Path inbox = dir.resolve("inbox/sec-bd-positions");
            Files.write(dir.resolve("inbox/.poison.csv"), body);
            Files.move(dir.resolve("inbox/.poison.csv"), inbox.resolve("poison.csv"));
            Files.createFile(inbox.resolve("poison.csv" + InboxRoutes.MARKER));
            assertThat(failed.matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(inbox.resolve("poison.csv")).exists();
            try (Stream<Path> s = Files.list(inbox.resolve("error"))) {
                assertThat(s).isEmpty();
            }
            assertThat(ledger().latest("inbox", sha256(body))).isEmpty();
        } finally {
            try (Connection c = DriverManager.getConnection(ledgerUrl, "sa", ""); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE position_state DROP CONSTRAINT poison");
            }
        }
        Reply stored = post("k-larkspur", body, "poison.csv", "");
        assertThat(stored.status()).as("sent again once the fault is gone").isEqualTo(201);
        assertThat(stored.body().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(bookedBy(stored.body().get("submissionId").asText())).hasSize(3);
    }

    @Test
    void contentIsDeduplicatedPerPrincipalAndNeverNamesAnotherPrincipalsSubmission() throws Exception {
        byte[] body = csv("SHARED", 4);
        Reply hudson = post("k-hudson", body, "larkspur.csv", "");
        assertThat(hudson.status()).isEqualTo(201);
        assertThat(hudson.body().get("status").asText()).isEqualTo("REJECTED");
        assertThat(hudson.body().get("rejections")).allSatisfy(x ->
                assertThat(x.get("reason").asText()).isEqualTo("FIRM_NOT_AUTHORIZED"));
        String hudsons = hudson.body().get("submissionId").asText();

        Reply larkspur = post("k-larkspur", body, "larkspur.csv", "");
        assertThat(larkspur.status()).isEqualTo(201);
        assertThat(larkspur.body().get("status").asText()).isEqualTo("ACCEPTED");
        String larkspurs = larkspur.body().get("submissionId").asText();
        assertThat(larkspurs).isNotEqualTo(hudsons);
        assertThat(new String(larkspur.bytes(), StandardCharsets.UTF_8)).doesNotContain(hudsons);
        assertThat(gateway.get("/submissions/" + larkspurs + "/ack", "k-larkspur").status()).isEqualTo(200);
        assertThat(gateway.get("/submissions/" + hudsons + "/ack", "k-larkspur").status()).isEqualTo(403);
        assertThat(bookedBy(larkspurs)).hasSize(4);

        Reply again = post("k-hudson", body, "larkspur.csv", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(again.body().get("duplicateOf").asText()).as("hudson's own submission").isEqualTo(hudsons);
    }

    @Test
    void aResubmissionSupersedesTheEarlierOneAndTheLedgerKeepsBoth() throws Exception {
        byte[] body = csv("RESENT", 3);
        String first = post("k-larkspur", body, "resent.csv", "").body().get("submissionId").asText();
        Reply duplicate = post("k-larkspur", body, "resent.csv", "");
        assertThat(duplicate.body().get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(duplicate.body().get("duplicateOf").asText()).isEqualTo(first);

        Reply resent = post("k-larkspur", body, "resent.csv", "?resubmit=true");
        assertThat(resent.status()).isEqualTo(201);
        assertThat(resent.body().get("status").asText()).isEqualTo("ACCEPTED");
        String second = resent.body().get("submissionId").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(ledger().history("larkspur", sha256(body)))
                .extracting(Ledger.SubmissionRow::id, Ledger.SubmissionRow::revision, Ledger.SubmissionRow::supersedes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, 1, null),
                        org.assertj.core.groups.Tuple.tuple(second, 2, first));
        assertThat(bookedBy(second)).as("the state is the resubmission's").hasSize(3);
        assertThat(bookedBy(first)).isEmpty();
        assertThat(gateway.get("/submissions/" + first + "/ack", "k-larkspur").status()).isEqualTo(200);
        assertThat(gateway.get("/submissions/" + second + "/ack", "k-larkspur").status()).isEqualTo(200);
        assertThat(post("k-larkspur", body, "resent.csv", "?resubmit=true").body().get("submissionId").asText())
                .as("a third revision").isNotIn(first, second);
        assertThat(post("k-larkspur", body, "resent.csv", "?resubmit=maybe").status()).isEqualTo(400);

        // the inbox: resubmit/ beside the feed's folder
        Path inbox = dir.resolve("inbox/sec-bd-positions");
        NotifyBuilder plain = new NotifyBuilder(gateway.runtime.camelContext())
                .fromRoute("inbox-sec-bd-positions").whenCompleted(1).create();
        drop(body, inbox.resolve("resent-inbox.csv"));
        assertThat(plain.matches(30, TimeUnit.SECONDS)).isTrue();
        NotifyBuilder resubmitted = new NotifyBuilder(gateway.runtime.camelContext())
                .fromRoute("inbox-sec-bd-positions-resubmit").whenCompleted(1).create();
        drop(body, inbox.resolve("resubmit/resent-inbox.csv"));
        assertThat(resubmitted.matches(30, TimeUnit.SECONDS)).isTrue();
        List<Ledger.SubmissionRow> byInbox = ledger().history("inbox", sha256(body));
        assertThat(byInbox).hasSize(2);
        assertThat(byInbox.get(1).supersedes()).isEqualTo(byInbox.get(0).id());
        assertThat(inbox.resolve("resubmit/resent-inbox.csv")).doesNotExist();
        try (Stream<Path> s = Files.list(inbox.resolve("done"))) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith("-resent-inbox.csv"))).hasSize(2);
        }
    }

    private static void drop(byte[] body, Path target) throws Exception {
        Files.createDirectories(target.getParent());
        Path staging = dir.resolve("inbox/.staging-" + target.getFileName());
        Files.write(staging, body);
        Files.move(staging, target);
        Files.createFile(target.resolveSibling(target.getFileName() + InboxRoutes.MARKER)); // the default convention
    }

    @Test
    void twentyConcurrentPushesOfOneFileAreProcessedOnceAndEveryCallerIsToldWhatTheLedgerHolds() throws Exception {
        byte[] body = csv("RACE", 50);
        int callers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return post("k-larkspur", body, "race.csv", "");
                }));
            }
            go.countDown();
            List<Reply> answers = new ArrayList<>();
            for (Future<Reply> f : replies) {
                answers.add(f.get(3, TimeUnit.MINUTES));
            }
            assertThat(answers).extracting(Reply::status).containsOnly(200, 201);
            List<Reply> processed = answers.stream().filter(a -> a.status() == 201).toList();
            assertThat(processed).hasSize(1);
            String id = processed.get(0).body().get("submissionId").asText();
            assertThat(processed.get(0).body().get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(callers - 1).allSatisfy(a -> {
                assertThat(a.body().get("status").asText()).isEqualTo("DUPLICATE");
                assertThat(a.body().get("duplicateOf").asText()).isEqualTo(id);
            });
            assertThat(ledger().history("larkspur", sha256(body))).singleElement()
                    .satisfies(r -> assertThat(r.status().name()).isEqualTo("ACCEPTED"))
                    .satisfies(r -> assertThat(r.id()).isEqualTo(id));
            JsonNode stored = gateway.get("/submissions/" + id + "/ack", "k-larkspur").body();
            assertThat(stored.get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(stored.get("accepted").asInt()).isEqualTo(50);
            assertThat(bookedBy(id)).hasSize(50);
            assertThat(currentBookLines("RACE")).as("each record once in the outputs").isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void valuesLongerThanTheLedgerStoresAreRejectedPerRecordAndALongFileNameIsShortened() throws Exception {
        String account = "L".repeat(200);
        String csv = new String(csv("BOUNDS", 2), StandardCharsets.UTF_8)
                + LARKSPUR + "," + account + ",SEC_15C3_3_CUST,037833100,AAPL,CS,100,LONG,101.25,USD,2026-11-20,DTC\n";
        String name = "n".repeat(226) + ".csv";
        Reply r = post("k-larkspur", csv.getBytes(StandardCharsets.UTF_8), name, "");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("status").asText()).isEqualTo("PARTIAL");
        assertThat(r.body().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.body().get("rejected").asInt()).isEqualTo(1);
        JsonNode rejection = r.body().get("rejections").get(0);
        assertThat(rejection.get("reason").asText()).isEqualTo("INVALID_VALUE");
        assertThat(rejection.get("record").asLong()).isEqualTo(3);
        assertThat(rejection.get("location").asText()).isNotBlank();
        assertThat(rejection.get("field").asText()).contains("account");
        String id = r.body().get("submissionId").asText();
        assertThat(bookedBy(id)).hasSize(2);
        assertThat(r.body().get("file").asText()).hasSizeLessThanOrEqualTo(160).endsWith(".csv");
        try (Stream<Path> s = Files.list(dir.resolve("out/received"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id)))
                    .singleElement().satisfies(n -> assertThat(n.length()).isLessThanOrEqualTo(255));
        }
    }
}
