package io.concord.gateway.serve;

import io.concord.book.StoredSensitivities;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.AccountMargin;
import io.concord.margin.engine.MarginRun;
import io.concord.margin.engine.MarginSink;
import io.concord.margin.engine.MarketPass;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.report.ExceptionRow;
import io.concord.report.FirmExceptions;
import io.concord.gateway.StateOutputs;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingSet;
import io.concord.report.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * {@code out/current/}: the outputs of the gateway's whole state ({@link StateOutputs}: book, margin, the firms'
 * margin reports, the regulator views), computed from the ledger after every committed submission, so they reflect
 * every submission (positions under the overwrite rule, the latest collateral lines and CRIF sensitivities).
 *
 * <p>Recomputations run one at a time on their own thread, so ingestion does not wait for them, and coalesce: the
 * commits made while one waits to start are all taken in by it. {@code state.json} names the last submission the
 * published state includes.
 *
 * <p>Each recomputation is written to {@code out/.state/<uuid>/} (cleared at start) and then moved into place; readers of the
 * API never see a half-written state (the swap is two renames under a write lock, reads take the read lock).
 * When a recomputation fails, the previous state stays on disk but is not served: {@link #failure()} says why.
 * When only some firm's output fails (its data break a limit of the format), the state is published all the same:
 * {@code state.json}'s {@code firmErrors} names the firm, the file and why, and reading that file answers 503 with
 * the reason, while every other firm's outputs and the regulator views are served.
 */
public final class CurrentState implements AutoCloseable {

    /** What a recomputation margins with: the mapping set and the margin stage loaded beside it. */
    public interface Margining {
        MappingSet mappings();

        StateOutputs.Engines engines();
    }

    /** {@code state.json}: what the current state was computed from. */
    public static final String STATE_FILE = "state.json";

    private final Path out;
    private final Path current;
    /** Where recomputations are written before they are published, and where the replaced state goes. */
    private final Path work;
    private final Ledger ledger;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Supplier<? extends Margining> margining;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "concord-current-state");
        t.setDaemon(true); // a recomputation cut short by shutdown is redone at the next start
        return t;
    });
    private volatile String failure;
    /** The published state's firm outputs that could not be written: firm LEI → file → why. */
    private volatile Map<String, Map<String, String>> firmErrors;
    /** The last recomputation requested, and whether it has not started yet (later requests then join it). */
    private CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
    private boolean waiting;
    private final MarginHistory history;
    private volatile ServeMetrics metrics;
    /** What the published state was computed from, when this process published it; the worker thread's. */
    private Basis basis;
    /** The submissions the published state reflects: whole, or in the reports of the firms they touched. */
    private volatile java.util.Set<String> reflected = java.util.Set.of();
    /** Recomputations that redid only the firms a commit touched. */
    private final java.util.concurrent.atomic.AtomicLong firmRecomputations =
            new java.util.concurrent.atomic.AtomicLong();

    public CurrentState(Path out, Ledger ledger, Supplier<? extends Margining> margining) {
        this(out, ledger, margining, BOOK_LIMIT, false);
    }

    /**
     * Positions a recomputation holds in memory at most (its book spills sorted runs of half this: one filling, one
     * being written). Lower than a {@code process} run's book: the gateway's own heap (Camel, the ledger's
     * driver and cache, submissions in flight) is beside it.
     */
    static final int BOOK_LIMIT = 25_000;

    /** The positions a recomputation holds in memory at most; past half of it the book spills sorted runs to disk. */
    private final int bookLimit;

    /** Whether recomputations sort the state in a spilling book, not reading it in the ledger's account order. */
    private final boolean sortItself;

    /**
     * A current state whose recomputations read the positions in the ledger's account order or, {@code sortItself}
     * (and when the ledger's order is not Java's), sort them in a book that spills past {@code bookLimit} keys.
     */
    CurrentState(Path out, Ledger ledger, Supplier<? extends Margining> margining, int bookLimit,
                 boolean sortItself) {
        this.bookLimit = bookLimit;
        this.sortItself = sortItself;
        this.out = out;
        this.current = out.resolve("current");
        this.work = out.resolve(".state");
        this.ledger = ledger;
        this.margining = margining;
        this.firmErrors = publishedFirmErrors(current);
        this.history = new MarginHistory(out.resolve("history"));
        try {
            ServeGateway.deleteTree(work); // what a stopped or killed gateway left half-written
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + work, e);
        }
    }

    /**
     * Asks for a recomputation with the mapping set and engines current when it starts; returns when it has been
     * queued. The future completes once a recomputation that started after this call has published (or failed).
     */
    public synchronized CompletableFuture<Void> request() {
        if (!waiting) {
            waiting = true;
            next = CompletableFuture.runAsync(() -> {
                synchronized (this) {
                    waiting = false;
                }
                Margining m = margining.get();
                recompute(m.mappings(), m.engines());
            }, worker);
        }
        return next;
    }

    /** The last recomputation requested; completes when it has published (or failed). */
    public synchronized CompletableFuture<Void> settled() {
        return next;
    }

    /**
     * Stops recomputing: one in progress is interrupted and waited for (what it leaves in {@code .state/} is cleared
     * at the next start).
     */
    @Override
    public void close() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Each firm's margin by business date, recorded as states are published. */
    public MarginHistory history() {
        return history;
    }

    /** Where recomputations report how long they took and whether they failed. */
    public void observe(ServeMetrics m) {
        this.metrics = m;
    }

    /** When the published state was computed ({@code state.json}'s {@code computedAt}); empty before the first. */
    public Optional<Instant> computedAt() {
        try {
            return read(STATE_FILE).map(b -> {
                try {
                    return Instant.parse(Json.MAPPER.readTree(b).path("computedAt").asText());
                } catch (IOException | java.time.DateTimeException e) {
                    return null;
                }
            });
        } catch (Access.Refused failed) {
            return Optional.empty();
        }
    }

    /** The folder the current state is published in. */
    public Path folder() {
        return current;
    }

    /** Why the last recomputation failed; empty when the published state is up to date. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Recomputes the state's outputs from the ledger with {@code mappings}' version and {@code engines}, and
     * publishes them; runs on the worker thread only, so one at a time. Never throws: a failure is kept for
     * {@link #failure()} and printed.
     */
    private void recompute(MappingSet mappings, StateOutputs.Engines engines) {
        long started = System.nanoTime();
        List<Ledger.Unapplied> unapplied = awaitWorkers();
        if (Thread.currentThread().isInterrupted()) {
            return; // stopping while it waited for the workers: the next start recomputes
        }
        try {
            // the firms the commit touched first, their reports published ahead of the rest; the whole-state files
            // and the aggregates follow below, in the same recomputation (what request() and settled() wait for)
            firmsOnly(mappings, engines);
        } catch (IOException | RuntimeException e) {
            System.out.println("current state: recomputing only the firms the commit touched failed (" + e
                    + "); recomputing the whole state");
        }
        basis = null;
        Path tmp = work.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(tmp);
            // every read of this recomputation in one snapshot: commits made meanwhile wait for the next one
            List<String> submissions;
            StateOutputs.Written written = null;
            FirmPasses passes = new FirmPasses(); // each firm's market pass, for the recomputations of some firms
            try (Ledger.Snapshot snapshot = ledger.snapshot()) {
            submissions = snapshot.submissionIds();
            Path exceptions = tmp.resolve("exceptions.jsonl");
            try (OutputStream os = Files.newOutputStream(exceptions)) {
                appendExceptions(submissions, os);
            }
            List<io.concord.model.CollateralLine> collateral = snapshot.collateral();
            StateOutputs.Scope scope = new StateOutputs.Scope(null, passes);
            // the CRIF rows on disk, read back one portfolio at a time by SIMM (a million rows are ~900 MB of objects)
            try (StoredSensitivities crif = new StoredSensitivities(work)) {
            long crifRows = snapshot.forEachSensitivity(s -> crif.addAll(List.of(s)));
            if (crif.size() != crifRows) { // the ledger holds one submission's rows per portfolio: none replaced here
                throw new IllegalStateException("the ledger's " + crifRows + " CRIF rows stand as " + crif.size());
            }
            Collection<io.concord.model.Sensitivity> sensitivities = crif.rows();
            if (!sortItself) {
                // the positions read one account at a time in account order, each pass straight from the ledger:
                // a recomputation never holds the whole state (1,000,000 positions, or even their 500,000
                // products, do not fit a 512 MB heap beside the gateway)
                try {
                    written = StateOutputs.write(tmp, mappings.version(), engines, snapshot.book(), collateral,
                            sensitivities, exceptions, new io.concord.gateway.StageClock(), scope);
                } catch (Ledger.OutOfOrder e) {
                    System.out.println("current state: " + e.getMessage() + "; sorting the state instead");
                    clearOutputs(tmp, exceptions);
                    passes.byFirm.clear();
                }
            }
            if (written == null) {
                // the stored positions streamed into a book that spills sorted runs to disk past its limit
                try (io.concord.book.SpillingBook book = new io.concord.book.SpillingBook(
                        work.resolve("book-" + UUID.randomUUID()), bookLimit)) {
                    snapshot.forEachPosition(book::apply);
                    written = StateOutputs.write(tmp, mappings.version(), engines, book, collateral, sensitivities,
                            exceptions, new io.concord.gateway.StageClock(), scope);
                }
            }
            passes.collateral(collateral);
            }
            }
            Map<String, Path> outputs = written.files();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("computedAt", Instant.now().toString());
            state.put("mappingsVersion", mappings.version());
            state.put("submissions", submissions.size());
            state.put("lastSubmission", submissions.isEmpty() ? null : submissions.get(submissions.size() - 1));
            Map<String, String> relative = new LinkedHashMap<>();
            outputs.forEach((name, p) -> relative.put(name, tmp.relativize(p).toString()));
            state.put("outputs", relative);
            state.put(FIRM_ERRORS, written.firmErrors());
            if (!unapplied.isEmpty()) {
                state.put(UNAPPLIED, unapplied);
            }
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE_FILE).toFile(), state);
            written.firmErrors().forEach((firm, files) -> files.forEach((file, why) ->
                    System.out.println("current state: reports/" + firm + "/" + file + " not written: " + why)));
            Path byFirm = tmp.resolve("regulator").resolve(io.concord.report.RegulatorViews.MARGIN);
            byte[] marginByFirm = Files.isRegularFile(byFirm) ? Files.readAllBytes(byFirm) : null;
            publish(tmp, written.firmErrors());
            failure = null;
            reflected = java.util.Set.copyOf(submissions);
            basis = new Basis(List.copyOf(submissions), mappings.version(), engines, passes.byFirm, passes.unowned);
            if (marginByFirm != null) {
                try {
                    history.record(marginByFirm, Instant.parse((String) state.get("computedAt")));
                } catch (IOException | RuntimeException e) {
                    // the state is published; only its line in the history is missing
                    System.out.println("margin history not recorded: " + e);
                }
            }
            recomputed(started, true);
            if (!unapplied.isEmpty()) {
                System.out.println("current state: the bus workers have not applied every record of "
                        + unapplied.size() + " submission(s) after " + APPLY_WAIT.toSeconds()
                        + " s; published without them, and recomputing again");
                request();
            }
        } catch (IOException | RuntimeException e) {
            failure = "the current state could not be recomputed after the last submission: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            System.out.println("current state failed: " + failure);
            recomputed(started, false);
            try {
                ServeGateway.deleteTree(tmp);
            } catch (IOException ignored) {
                // cleared at the next start
            }
        }
    }

    /**
     * What the published state was computed from: its submissions, the mappings version and engines, each firm's
     * market pass and that of the collateral lines of no firm. The pass of the whole state is their merge, so it can
     * be made again with some firms' passes redone.
     */
    private record Basis(List<String> submissions, String mappingsVersion, StateOutputs.Engines engines,
                         Map<String, MarketPass> firms, MarketPass unowned) {

        MarketPass whole() {
            List<MarketPass> all = new ArrayList<>(firms.values()); // firms in LEI order: account order
            all.add(unowned);
            return MarketPass.merge(all);
        }
    }

    /** Each firm's market pass, from every account the outputs take (in account order), and its collateral lines. */
    private static final class FirmPasses implements MarginSink {
        final Map<String, MarketPass> byFirm = new TreeMap<>();
        final MarketPass unowned = new MarketPass();

        @Override
        public void begin(MarginRun run) {
        }

        @Override
        public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
            positions(account.firm(), positions);
        }

        /** An account's positions, in account order. */
        void positions(String firm, List<Position> positions) {
            MarketPass pass = byFirm.computeIfAbsent(firm, f -> new MarketPass());
            positions.forEach(pass::add);
        }

        @Override
        public void end() {
        }

        void collateral(List<CollateralLine> lines) {
            for (CollateralLine c : lines) {
                if (c.ownerLei() == null) {
                    unowned.add(c);
                } else {
                    byFirm.computeIfAbsent(c.ownerLei(), f -> new MarketPass()).add(c);
                }
            }
        }
    }

    /**
     * Redoes only the firms the submissions committed since the published state touched, when that gives them what
     * a whole recomputation would: the state was published by this process with the same mappings and engines, the
     * new submissions supersede none (a resubmission removes rows of the firms it superseded, which the state no
     * longer names), every row they stored belongs to a firm, and the business date stays (a later one moves every
     * firm's margin), and the firms hold at most half the booked positions (else the whole recomputation alone is
     * about as quick). A firm's outputs depend on nothing else of other firms: its accounts and harmonized portfolios
     * are its own, an option is priced off its own firm's booked underlying, and its margin.json leaves out the
     * earlier dates of every firm. Those firms' {@code reports/<LEI>/} are replaced in the published state;
     * {@code state.json}'s {@code firmsAhead} names them with the last submission they reflect, until the whole
     * recomputation that follows publishes everything. Returns false, having published nothing, when it cannot.
     */
    private boolean firmsOnly(MappingSet mappings, StateOutputs.Engines engines) throws IOException {
        Basis b = basis;
        if (b == null || b.engines() != engines || !b.mappingsVersion().equals(mappings.version())
                || failure != null) {
            return false;
        }
        Path part = work.resolve("firms-" + UUID.randomUUID());
        try (Ledger.Snapshot snapshot = ledger.snapshot()) {
            List<String> ids = snapshot.submissionIds();
            int held = b.submissions().size();
            if (ids.size() <= held || !ids.subList(0, held).equals(b.submissions())) {
                return false;
            }
            List<String> fresh = List.copyOf(ids.subList(held, ids.size()));
            if (fresh.size() > Ledger.IN_LIST_MAX) {
                return false; // so many at once: the whole recomputation reads them all anyway
            }
            for (String id : fresh) {
                if (ledger.byId(id).map(r -> r.supersedes() != null).orElse(true)) {
                    return false;
                }
            }
            Ledger.Touched touched = snapshot.touched(fresh);
            if (touched.unowned()) {
                return false;
            }
            java.util.SortedSet<String> firms = new java.util.TreeSet<>(touched.firms());
            for (String id : fresh) {
                firms.addAll(exceptionFirms(id));
            }
            if (firms.isEmpty() || firms.size() > Ledger.IN_LIST_MAX) {
                return false; // only rows of no firm (the whole-state files alone change), or very many firms
            }
            // the state's positions now: the published state's, those firms' counted again
            MarketPass published = b.whole();
            long before = 0;
            for (String firm : firms) {
                MarketPass pass = b.firms().get(firm);
                before += pass == null ? 0 : pass.positions();
            }
            long touchedNow = snapshot.positionCount(firms);
            if (2 * touchedNow > published.positions() - before + touchedNow) {
                return false; // those firms are most of the state: redoing them first would about double the wait
            }
            List<CollateralLine> collateral = new ArrayList<>();
            for (CollateralLine c : snapshot.collateral()) {
                if (c.ownerLei() != null && firms.contains(c.ownerLei())) {
                    collateral.add(c);
                }
            }
            io.concord.book.AccountBook book = snapshot.book(firms);
            // the firms' passes made again (their other passes kept), so the whole state's pass with them
            FirmPasses redone = new FirmPasses();
            book.forEachAccount(ps -> redone.positions(ps.get(0).firmLei(), ps));
            redone.collateral(collateral);
            Map<String, MarketPass> passes = new TreeMap<>(b.firms());
            firms.forEach(passes::remove);
            passes.putAll(redone.byFirm);
            Basis next = new Basis(ids, mappings.version(), engines, passes, b.unowned());
            MarketPass whole = next.whole();
            if (!java.util.Objects.equals(whole.asOf(), published.asOf())) {
                return false;
            }
            Files.createDirectories(part);
            // the firms' rejected records: theirs in the published state, then the new submissions'
            Path exceptions = part.resolve("exceptions.jsonl");
            try (OutputStream os = Files.newOutputStream(exceptions)) {
                for (String firm : firms) {
                    Path mine = current.resolve("reports").resolve(firm).resolve(FirmExceptions.FILE_NAME);
                    if (Files.isRegularFile(mine)) {
                        Files.copy(mine, os);
                    }
                }
                appendExceptions(fresh, os);
            }
            StateOutputs.Written written;
            try (StoredSensitivities crif = new StoredSensitivities(work)) {
                snapshot.forEachSensitivity(firms, s -> crif.addAll(List.of(s)));
                written = StateOutputs.write(part.resolve("state"), mappings.version(), engines, book, collateral,
                        crif.rows(), exceptions, new io.concord.gateway.StageClock(),
                        new StateOutputs.Scope(whole, null));
            }
            // the firms' stress and backtest coverage, for their own views (the whole documents follow): one document
            // of all of them, linked under each firm (copied where the file system has no links)
            Path coverage = part.resolve("ahead");
            for (String file : List.of(io.concord.report.StressJson.FILE, io.concord.report.BacktestJson.FILE)) {
                Path doc = part.resolve("state").resolve("margin").resolve(file);
                if (Files.isRegularFile(doc)) {
                    for (String firm : firms) {
                        Path link = Files.createDirectories(coverage.resolve(firm)).resolve(file);
                        try {
                            Files.createLink(link, doc);
                        } catch (UnsupportedOperationException | IOException e) {
                            Files.copy(doc, link);
                        }
                    }
                }
            }
            publishFirms(part.resolve("state").resolve("reports"), coverage, firms, written.firmErrors(), fresh);
            basis = next;
            firmRecomputations.incrementAndGet();
            return true;
        } catch (Ledger.OutOfOrder e) {
            return false; // the whole recomputation sorts the state itself
        } finally {
            ServeGateway.deleteTree(part);
        }
    }

    /** A committed submission's exceptions file (absent when it refused nothing and wrote none). */
    private Path exceptionsOf(String submissionId) {
        return out.resolve("submissions").resolve(submissionId).resolve("exceptions.jsonl");
    }

    /** The exceptions of these submissions, in their order, appended to {@code os}. */
    private void appendExceptions(List<String> submissionIds, OutputStream os) throws IOException {
        for (String id : submissionIds) {
            Path f = exceptionsOf(id);
            if (Files.isRegularFile(f)) {
                Files.copy(f, os);
            }
        }
    }

    /** The firms of the rows of a submission's exceptions (the records it had refused), by their firm field. */
    private java.util.Set<String> exceptionFirms(String submissionId) throws IOException {
        java.util.Set<String> firms = new java.util.TreeSet<>();
        Path f = exceptionsOf(submissionId);
        if (!Files.isRegularFile(f)) {
            return firms;
        }
        try (var lines = Files.lines(f)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    String firm = Json.MAPPER.readValue(line, ExceptionRow.class).firm();
                    if (firm != null) {
                        firms.add(firm);
                    }
                }
            }
        }
        return firms;
    }

    /** {@code state.json}'s list of submissions the bus workers had not applied whole when it was computed. */
    public static final String UNAPPLIED = "unapplied";

    /** How long a recomputation waits for the bus workers to apply what the gateway published. */
    static final java.time.Duration APPLY_WAIT = java.time.Duration.ofSeconds(120);

    /**
     * On the Kafka bus the workers write the state: waits (at most {@link #APPLY_WAIT}) until they have applied every
     * record published for the committed submissions, so the recomputation reads them whole. Returns those still
     * not applied (none on the in-process bus, where each commit writes its state).
     */
    private List<Ledger.Unapplied> awaitWorkers() {
        long until = System.nanoTime() + APPLY_WAIT.toNanos();
        List<Ledger.Unapplied> unapplied = ledger.unapplied();
        while (!unapplied.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: the recomputation is interrupted too
                return unapplied;
            }
            unapplied = ledger.unapplied();
        }
        return unapplied;
    }

    /** {@code state.json}'s name for the firms whose reports reflect later submissions than the rest of the state. */
    public static final String FIRMS_AHEAD = "firmsAhead";

    /**
     * The folder of the published state holding, per firm ahead, the stress and backtest coverage documents of its
     * recomputation (the firm's views read them until the whole documents follow).
     */
    static final String FIRMS_AHEAD_DIR = "firms-ahead";

    /**
     * A coverage document ({@code stress.json}, {@code backtest.json}) for {@code lei}'s own views: the one its
     * recomputation wrote when its reports are ahead of the state, else the whole state's under {@code margin/}.
     * Empty when the state has neither. As {@link #open}.
     */
    public Optional<InputStream> openCoverage(String lei, String file) {
        lock.readLock().lock();
        try {
            String ahead = FIRMS_AHEAD_DIR + "/" + lei + "/" + file;
            return open(Files.isRegularFile(current.resolve(ahead)) ? ahead : "margin/" + file);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Puts the firms' recomputed {@code reports/<LEI>/} (under {@code reports}) in the published state in place of
     * theirs, and names them in {@code state.json}'s {@link #FIRMS_AHEAD}, under the write lock.
     */
    private void publishFirms(Path reports, Path coverage, java.util.Set<String> firms,
                              Map<String, Map<String, String>> errors, List<String> fresh) throws IOException {
        Map<String, Object> state = Json.MAPPER.readValue(current.resolve(STATE_FILE).toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {
                });
        Map<String, Object> ahead = new TreeMap<>();
        if (state.get(FIRMS_AHEAD) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> ahead.put(String.valueOf(k), v));
        }
        for (String firm : firms) {
            ahead.put(firm, fresh.get(fresh.size() - 1));
        }
        state.put(FIRMS_AHEAD, ahead);
        Map<String, Map<String, String>> merged = new TreeMap<>(firmErrors);
        firms.forEach(merged::remove);
        merged.putAll(errors);
        state.put(FIRM_ERRORS, merged);
        Path stateFile = reports.resolveSibling(STATE_FILE + ".next");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(stateFile.toFile(), state);
        Path old = work.resolve("replaced-" + UUID.randomUUID());
        Files.createDirectories(old);
        java.util.Set<String> nowReflected = new java.util.HashSet<>(reflected);
        nowReflected.addAll(fresh);
        lock.writeLock().lock();
        try {
            for (String firm : firms) {
                Path mine = current.resolve("reports").resolve(firm);
                if (Files.exists(mine)) {
                    Files.move(mine, old.resolve(firm), StandardCopyOption.ATOMIC_MOVE);
                }
                Path redone = reports.resolve(firm);
                if (Files.exists(redone)) {
                    Files.createDirectories(mine.getParent());
                    Files.move(redone, mine, StandardCopyOption.ATOMIC_MOVE);
                }
                Path views = current.resolve(FIRMS_AHEAD_DIR).resolve(firm);
                if (Files.exists(views)) {
                    Files.move(views, old.resolve(firm + "-" + FIRMS_AHEAD_DIR), StandardCopyOption.ATOMIC_MOVE);
                }
                if (Files.exists(coverage.resolve(firm))) {
                    Files.createDirectories(views.getParent());
                    Files.move(coverage.resolve(firm), views, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(stateFile, current.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            firmErrors = Map.copyOf(merged);
            reflected = java.util.Set.copyOf(nowReflected);
        } finally {
            lock.writeLock().unlock();
        }
        ServeGateway.deleteTree(old);
        firmsPublished.run();
    }

    /** Run on the worker thread each time some firms' reports are published ahead of the state (tests look then). */
    private volatile Runnable firmsPublished = () -> {
    };

    void onFirmsPublished(Runnable hook) {
        this.firmsPublished = hook;
    }

    /**
     * Whether the published state reflects {@code submissionId}: whole, or in the reports of the firms it touched
     * (the rest of the state follows in the next whole recomputation).
     */
    public boolean reflects(String submissionId) {
        return reflected.contains(submissionId);
    }

    /** How many recomputations redid only the firms a commit touched (the others were whole). */
    public long firmRecomputations() {
        return firmRecomputations.get();
    }

    /** Deletes what a recomputation wrote under {@code tmp}, all but {@code keep}. */
    private static void clearOutputs(Path tmp, Path keep) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                if (!p.equals(keep)) {
                    ServeGateway.deleteTree(p);
                }
            }
        }
    }

    private void recomputed(long startedNanos, boolean ok) {
        ServeMetrics m = metrics;
        if (m != null) {
            m.recomputed(System.nanoTime() - startedNanos, ok);
        }
    }

    private void publish(Path tmp, Map<String, Map<String, String>> errors) throws IOException {
        Path old = work.resolve("replaced-" + UUID.randomUUID());
        lock.writeLock().lock();
        try {
            if (Files.exists(current)) {
                Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
            firmErrors = Map.copyOf(errors);
        } finally {
            lock.writeLock().unlock();
        }
        ServeGateway.deleteTree(old);
    }

    /** {@code state.json}'s name for the firms' outputs that could not be written. */
    public static final String FIRM_ERRORS = "firmErrors";

    /** The firm errors of the state published under {@code current} (none when there is none, or it names none). */
    private static Map<String, Map<String, String>> publishedFirmErrors(Path current) {
        Path state = current.resolve(STATE_FILE);
        if (!Files.isRegularFile(state)) {
            return Map.of();
        }
        try {
            var node = Json.MAPPER.readTree(state.toFile()).get(FIRM_ERRORS);
            return node == null ? Map.of() : Json.MAPPER.convertValue(node,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, String>>>() {
                    });
        } catch (IOException e) {
            return Map.of(); // a state.json that cannot be read is replaced at the recomputation the start requests
        }
    }

    /** Whether a state has been published (none before the first commit, or while the first one is computed). */
    public boolean published() {
        lock.readLock().lock();
        try {
            return Files.isRegularFile(current.resolve(STATE_FILE));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The content of {@code relative} in the published state, read whole: for the state's small files only
     * ({@code state.json}, {@code regulator/margin-by-firm.json}); a firm's reports, the book and the coverage
     * documents grow with the state and are read with {@link #open}. Empty when it has no such file (nothing
     * committed yet, or no such output). Refuses with 503 while the last recomputation has failed.
     */
    public Optional<byte[]> read(String relative) {
        Optional<InputStream> in = open(relative);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(s.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative + " of the current state", e);
        }
    }

    /**
     * A stream of {@code relative} in the published state, to read at the caller's pace: the file is opened under
     * the read lock, so it is the published state's even when a recomputation publishes another before the stream is
     * read (the replaced file is removed, and stays readable through the open stream until it is closed). Empty when
     * the state has no such file (nothing committed yet, or no such output). Refuses with 503 while the last
     * recomputation has failed, and a firm's file that could not be written with 503 and why.
     */
    public Optional<InputStream> open(String relative) {
        String why = failure;
        if (why != null) {
            throw new Access.Refused(503, why);
        }
        lock.readLock().lock();
        try {
            String[] parts = relative.split("/");
            if (parts.length == 3 && parts[0].equals("reports")) {
                String failed = firmErrors.getOrDefault(parts[1], Map.of()).get(parts[2]);
                if (failed != null) {
                    throw new Access.Refused(503, "the " + parts[2] + " of " + parts[1] + " could not be written "
                            + "from the current state (the firm's other outputs and every other firm's are): "
                            + failed);
                }
            }
            return Optional.of(new java.io.BufferedInputStream(Files.newInputStream(current.resolve(relative)),
                    1 << 16));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative + " of the current state", e);
        } finally {
            lock.readLock().unlock();
        }
    }
}
