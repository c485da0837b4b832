package io.concord.gateway.serve;

import io.concord.feed.FeedFormats;
import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.book.SpillingBook;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.RunSummary;
import io.concord.gateway.StateOutputs;
import io.concord.gateway.Stages;
import io.concord.gateway.Submission;
import io.concord.ledger.Ledger;
import io.concord.ledger.LedgerBounds;
import io.concord.mapping.MappingSet;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.Ack;
import io.concord.report.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Serve mode's stages: each submission runs as its own {@link ProcessRun} in {@code out/.work/<uuid>/}; when
 * complete its folder is renamed to {@code out/submissions/<submission-id>/} and the submission with its booked
 * positions, collateral lines and sensitivities is committed to the ledger in one transaction, which checks that
 * it stored exactly what the run booked ({@link Ledger#commit}). A failed commit leaves nothing behind: the
 * published folder is removed and the caller is told the submission was not stored ({@link NotStored}).
 *
 * <p>Content is deduplicated per submitting principal: a principal's content the ledger already holds is not
 * processed again, its ack says DUPLICATE and names that principal's latest submission of it; another principal's
 * submissions are never looked at, let alone named. An explicit resubmission ({@link #expect} with
 * {@code resubmit}) is processed again as a new revision that supersedes the latest one; the ledger keeps both.
 * Submissions of the same content by the same principal run one at a time (the later ones wait and then find the
 * first committed), so concurrent copies are processed once.
 *
 * <p>Submission ids: {@code <feed>-<first 16 hex digits of the content's SHA-256>-<8 hex digits of the principal's
 * name's SHA-256>}, and {@code -r<n>} for revision n of a resubmission: the same file from the same principal gets
 * the same id after a crash, two principals never share one.
 *
 * <p>After each commit the outputs of the whole state (margin, the firms' margin reports, the regulator views) are
 * recomputed from the ledger into {@code out/current/} ({@link CurrentState}).
 *
 * <p>Crash safety: work in progress lives only in {@code out/.work/} (cleared at start) and the inbox file is
 * moved to done/ only after the commit, so a killed gateway re-processes the file from the start on restart; the
 * current state is recomputed at start.
 */
public final class ServeGateway implements Stages {

    private final ServeConfig config;
    private final Ledger ledger;
    /**
     * On the Kafka bus: where committed submissions go to the workers, who write the state (a commit stores the
     * submission with the number of records it hands them). Null: the commit writes the state itself.
     */
    private volatile Outbox outbox;
    private volatile long lastCommitNanos;
    private volatile String lastCommitted;
    private final AtomicReference<Loaded> mappings;
    private final CurrentState current;
    private final Answers answers;
    private volatile ServeMetrics metrics;
    /** Book keys a submission holds in memory at most (its book spills sorted runs of half as many). */
    private volatile int bookLimit = SpillingBook.DEFAULT_LIMIT;

    /** A mapping set and the margin stage loaded from the same folder, swapped together on reload. */
    private record Loaded(MappingSet mappings, StateOutputs.Engines engines) implements CurrentState.Margining {
        static Loaded from(Path folder) {
            MappingSet set = MappingSet.load(folder);
            try {
                return new Loaded(set, StateOutputs.Engines.load(folder, set));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the margin parameters under " + folder, e);
            }
        }
    }
    private final Map<Path, Pending> byPath = new ConcurrentHashMap<>();
    private final Map<String, Pending> bySubmission = new ConcurrentHashMap<>();
    /** One gate per principal + content being submitted: its submissions pass one at a time. */
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /** A gate and how many submissions hold or wait for it (it is dropped when none does). */
    private static final class Gate {
        final Semaphore pass = new Semaphore(1);
        int users;
    }

    /** A submission in flight. */
    private static final class Pending {
        final ProcessRun run;
        final Principal principal;
        final Path work;
        final boolean resubmit;
        volatile Ledger.Revision revision = Ledger.Revision.FIRST;
        volatile Ack ack;
        /** Why the submission was not stored (its commit failed), if it was not. */
        volatile RuntimeException failure;
        /** The gate this submission passed, until it is settled. */
        private String gateKey;
        private Gate gate;

        Pending(ProcessRun run, Principal principal, Path work, boolean resubmit) {
            this.run = run;
            this.principal = principal;
            this.work = work;
            this.resubmit = resubmit;
        }
    }

    public ServeGateway(ServeConfig config, Ledger ledger) throws IOException {
        this.config = config;
        this.ledger = ledger;
        this.mappings = new AtomicReference<>(Loaded.from(config.mappings()));
        this.current = new CurrentState(config.out(), ledger, mappings::get);
        this.answers = new Answers(config.out().resolve(".answers"));
        clearWork();
        if (!ledger.submissionIds().isEmpty()) {
            current.request(); // a crash may have come between a commit and its recomputation
        }
    }

    public MappingSet mappings() {
        return mappings.get().mappings();
    }

    /** Counts every settled submission, and the current state's recomputations, in {@code m}. */
    public void observe(ServeMetrics m) {
        this.metrics = m;
        current.observe(m);
    }

    /** The outputs of the whole state, recomputed after every commit. */
    public CurrentState current() {
        return current;
    }

    /** Where the API writes answers that grow with the state before it sends them. */
    public Answers answers() {
        return answers;
    }

    /**
     * Book keys a submission holds in memory at most, its book writing sorted runs of half as many to disk (default
     * {@link SpillingBook#DEFAULT_LIMIT}); applies to submissions expected from now on.
     */
    public ServeGateway bookInMemoryUpTo(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, got " + keys);
        }
        this.bookLimit = keys;
        return this;
    }

    /**
     * Swaps in a new mapping set and the margin parameters beside it, then recomputes the current state with them;
     * on failure the current ones stay and the exception says why.
     */
    public MappingSet reloadMappings() {
        Loaded next = Loaded.from(config.mappings());
        mappings.set(next);
        current.request();
        return next.mappings();
    }

    private void clearWork() throws IOException {
        deleteTree(config.out().resolve(".work"));
    }

    public static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Registers a file about to be sent through the routes: the feed it is (null to detect) and who submits it.
     */
    public void expect(Path file, String feedId, Principal principal) {
        expect(file, feedId, principal, false);
    }

    /**
     * Registers a file about to be sent through the routes; with {@code resubmit} the file is processed even when
     * the principal submitted the same content before, as a new submission that supersedes the latest one.
     */
    public void expect(Path file, String feedId, Principal principal, boolean resubmit) {
        String id = UUID.randomUUID().toString();
        Path work = config.out().resolve(".work").resolve(id);
        ProcessRun run = new ProcessRun(work, mappings(), FeedFormats.standard(), feedId)
                .bookInMemoryUpTo(bookLimit)
                // the book's runs stay out of the folder that is published (moved) before the book is committed
                .bookRunsIn(config.out().resolve(".work").resolve(id + ".book"))
                // and the rejections past those held in memory (which the ack answered after it reads) and the CRIF
                .spillIn(config.out().resolve(".work").resolve("spill"))
                .admitting(LedgerBounds::admit);
        if (principal.role() == Principal.Role.FIRM) {
            run.restrictToFirms(principal.firms());
        }
        byPath.put(file.toAbsolutePath(), new Pending(run, principal, work, resubmit));
    }

    /**
     * The ack of a file sent through the routes after {@link #expect}; forgets the file. Throws {@link NotStored}
     * when the submission could not be committed: nothing of it was kept.
     */
    public Ack outcome(Path file) {
        Pending p = byPath.remove(file.toAbsolutePath());
        if (p == null) {
            throw new IllegalStateException("no outcome for " + file);
        }
        try {
            if (p.failure != null) {
                deleteTree(p.work);
                throw new NotStored(p.failure);
            }
            if (p.ack == null) {
                throw new IllegalStateException("no outcome for " + file);
            }
            if (p.ack.status() == Ack.Status.DUPLICATE) {
                deleteTree(p.work);
            }
            ServeMetrics m = metrics;
            if (m != null) {
                m.ack(p.ack);
            }
            return p.ack;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + p.work, e);
        } finally {
            leave(p);
        }
    }

    /**
     * Forgets a file whose processing failed before it had an outcome (the route failed): releases its gate and
     * removes its work folder. Nothing of it was committed. No effect on a file already settled.
     */
    public void abandon(Path file) {
        Pending p = byPath.remove(file.toAbsolutePath());
        if (p == null) {
            return;
        }
        try {
            p.run.close();
            deleteTree(p.work);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot clear " + p.work + ": " + e);
        } finally {
            leave(p);
        }
    }

    /** A submission that was not stored: the ledger holds none of it, and it must be sent again. */
    public static final class NotStored extends RuntimeException {
        NotStored(RuntimeException cause) {
            super("the submission was not stored (internal error: " + cause.getMessage() + "); nothing of it was "
                    + "kept: send it again", cause);
        }
    }

    /**
     * Keeps a file received over HTTP (pushed or polled) as {@code out/received/<submission-id>-<name>} once its
     * submission is settled (the name shortened to fit a file name), and removes its spool folder; the same content
     * received again replaces it.
     */
    public Path keepReceived(Path spooled, Ack ack) throws IOException {
        String prefix = ack.submissionId() + "-";
        String name = LedgerBounds.fileName(spooled.getFileName().toString(), MAX_NAME - prefix.length());
        Path received = config.out().resolve("received").resolve(prefix + name);
        Files.createDirectories(received.getParent());
        Files.move(spooled, received, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(spooled.getParent());
        return received;
    }

    /** The longest file name the gateway writes (most file systems allow 255 bytes). */
    static final int MAX_NAME = 240;

    @Override
    public Submission open(Path file) {
        Pending p = byPath.get(file.toAbsolutePath());
        if (p == null) {
            throw new IllegalStateException(file + " was not expected");
        }
        Optional<Ledger.SubmissionRow>[] latest = new Optional[1];
        Submission s = p.run.openAs(file, src -> {
            enter(p, p.principal.name() + "\n" + src.sha256());
            latest[0] = ledger.latest(p.principal.name(), src.sha256());
            if (latest[0].isPresent() && !p.resubmit) {
                return src;
            }
            p.revision = latest[0].map(Ledger.Revision::after).orElse(Ledger.Revision.FIRST);
            return new SourceFile(src.path(), src.name(), src.feedId(), submissionId(src, p), src.sha256(),
                    src.bytes());
        });
        if (latest[0].isPresent() && !p.resubmit) {
            SourceFile src = s.source();
            String first = latest[0].get().id();
            p.ack = Ack.duplicate(first, src.feedId(), src.name(), src.sha256(), src.bytes(), Instant.now(),
                    mappings().version(), first);
            p.run.close();
            leave(p);
            return new Submission(src, s.parser(), s.fileFailure(), true);
        }
        bySubmission.put(s.source().submissionId(), p);
        return s;
    }

    /** The id of a principal's submission of some content at its revision (see the class comment). */
    private static String submissionId(SourceFile src, Pending p) {
        String principal = HexFormat.of().formatHex(sha256(p.principal.name())).substring(0, 8);
        return src.feedId() + "-" + src.sha256().substring(0, 16) + "-" + principal
                + (p.revision.number() == 1 ? "" : "-r" + p.revision.number());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the gate of a principal's content; the submission holds it until it is settled. */
    private void enter(Pending p, String key) {
        Gate g = gates.compute(key, (k, v) -> {
            Gate gate = v == null ? new Gate() : v;
            gate.users++;
            return gate;
        });
        g.pass.acquireUninterruptibly();
        synchronized (p) {
            p.gateKey = key;
            p.gate = g;
        }
    }

    /** Releases the gate a submission holds, if any (once). */
    private void leave(Pending p) {
        String key;
        Gate g;
        synchronized (p) {
            key = p.gateKey;
            g = p.gate;
            p.gate = null;
        }
        if (g == null) {
            return;
        }
        g.pass.release();
        gates.compute(key, (k, v) -> --v.users == 0 ? null : v);
    }

    @Override
    public boolean isNew(Submission s) {
        return !s.duplicate();
    }

    @Override
    public Iterator<RecordBatch> batches(Submission s) throws IOException {
        return pending(s.source()).run.batches(s);
    }

    @Override
    public NormalizedBatch normalize(RecordBatch batch) {
        return pending(batch.source()).run.normalize(batch);
    }

    @Override
    public boolean write(NormalizedBatch batch) {
        return pending(batch.source()).run.write(batch);
    }

    @Override
    public boolean failBatch(SourceFile source, int sequence, boolean last, List<?> items, Exception cause) {
        return pending(source).run.failBatch(source, sequence, last, items, cause);
    }

    @Override
    public boolean failSubmission(SourceFile source, Exception cause) {
        return pending(source).run.failSubmission(source, cause);
    }

    /**
     * Completes a submission: ack, book and summary, publish its folder, commit it to the ledger (the book streamed
     * from the run, from disk when it spilled), recompute the current state. When the commit fails, the published
     * folder is removed and the submission's outcome is {@link NotStored}; the returned ack is then not stored.
     */
    @Override
    public Ack ack(SourceFile source) {
        Pending p = pending(source);
        Path published = config.out().resolve("submissions").resolve(source.submissionId());
        try {
            Ack ack = p.run.ack(source);
            RunSummary summary = p.run.finishKeepingBook();
            writeSummary(p.work, relocated(summary, p.work, published));
            Files.createDirectories(published.getParent());
            // an earlier attempt that published but died before its commit is replaced by this one
            deleteTree(published);
            Files.move(p.work, published, StandardCopyOption.ATOMIC_MOVE);
            Ack stored = ack;
            Outbox bus = outbox;
            boolean committed;
            if (bus == null) {
                Ledger.Contents contents = new Ledger.Contents(p.run.book(), summary.bookedPositions(),
                        p.run.collateralLines(), p.run.sensitivities());
                committed = commit(stored, () -> ledger.commit(stored, p.principal.name(), p.revision, contents));
            } else {
                // commit and hand over as one step (the outbox's lock), so the outbox publishes in commit order (the
                // workers' overwrite order); on Kafka a commit writes one row, so submissions wait for each other
                // only that long
                long records = p.run.normalizedRecords();
                synchronized (bus) {
                    committed = commit(stored, () -> ledger.commitPublished(stored, p.principal.name(), p.revision,
                            records));
                    if (committed) {
                        bus.enqueue(stored.submissionId());
                    }
                }
            }
            if (committed) {
                current.request();
            } else {
                // another gateway on the same ledger committed this principal's content meanwhile
                String first = ledger.latest(p.principal.name(), ack.sha256()).map(Ledger.SubmissionRow::id)
                        .orElse("?");
                ack = Ack.duplicate(first, ack.feed(), ack.file(), ack.sha256(), ack.bytes(), ack.receivedAt(),
                        ack.mappingsVersion(), first);
            }
            p.ack = ack;
            return ack;
        } catch (IOException | RuntimeException e) {
            p.failure = e instanceof RuntimeException re ? re : new UncheckedIOException(e.getMessage(),
                    (IOException) e);
            try {
                deleteTree(published);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            System.err.println("submission " + source.submissionId() + " not stored: " + e);
            return null;
        } finally {
            p.run.close();
            bySubmission.remove(source.submissionId());
        }
    }

    /**
     * Makes the bus workers the writers of the state (a gateway on Kafka): each submission is committed with the
     * number of its normalized records, then handed to {@code publish} batch by batch from its stored files
     * ({@link Outbox}: in commit order, tried again until the broker has them), and the workers apply them to the
     * ledger's state tables. Set before the gateway takes its first file.
     */
    public void statesWrittenByWorkers(java.util.function.Consumer<NormalizedBatch> publish) {
        this.outbox = new Outbox(config.out().resolve("submissions"), publish);
    }

    /**
     * Once the bus can be reached: publishes again the submissions the workers have not applied whole (a gateway that
     * stopped before it had published them all), ahead of any committed from now on.
     */
    public void publishUnapplied() {
        Outbox bus = outbox;
        if (bus != null) {
            bus.enqueueUnapplied(ledger);
        }
    }

    /** Stops handing submissions to the bus (the gateway is stopping); what was not published is at the next start. */
    public void stopPublishing() {
        Outbox bus = outbox;
        if (bus != null) {
            bus.close();
        }
    }

    /**
     * Commits a submission; a database fault (not a refusal of the counts, {@link Ledger.NotStored}, nor a
     * constraint) is tried once more, since the failed transaction was rolled back whole: the embedded H2 has been seen to fail a large
     * transaction once with an internal error of its store, and succeed when it came again.
     */
    private boolean commit(Ack ack, java.util.function.BooleanSupplier once) {
        long t = System.nanoTime();
        try {
            return once.getAsBoolean();
        } catch (Ledger.LedgerException e) {
            if (e instanceof Ledger.NotStored || !(e.getCause() instanceof java.sql.SQLException sql)
                    || sql.getSQLState() == null || sql.getSQLState().startsWith("23")) {
                throw e; // the counts refused, or a constraint: the same again would fail the same way
            }
            System.err.println("submission " + ack.submissionId() + ": the commit failed, trying once more: " + e);
            return once.getAsBoolean();
        } finally {
            lastCommitNanos = System.nanoTime() - t;
            lastCommitted = ack.submissionId();
        }
    }

    /** The submission of the last commit (the benchmark's figure); null before any. */
    public String lastCommitted() {
        return lastCommitted;
    }

    /** How long the last ledger commit took (the benchmark's figure), in seconds. */
    public double lastCommitSeconds() {
        return lastCommitNanos / 1e9;
    }

    /** The summary with its output paths under the folder the submission is published to. */
    private static RunSummary relocated(RunSummary s, Path work, Path published) {
        Map<String, String> outputs = new LinkedHashMap<>();
        s.outputs().forEach((name, path) -> {
            Path p = Path.of(path);
            outputs.put(name, p.startsWith(work) ? published.resolve(work.relativize(p)).toString() : path);
        });
        return new RunSummary(s.mappingsVersion(), s.files(), s.duplicates(), s.received(), s.accepted(),
                s.rejected(), s.bookedPositions(), s.acks(), s.inputs(), outputs, s.internalErrors(), s.margin());
    }

    private static void writeSummary(Path work, RunSummary summary) throws IOException {
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(work.resolve("summary.json").toFile(), summary);
    }

    /** The stored ack of a committed submission ({@code acks/<id>.json} of its outputs), if there is one. */
    public Optional<Path> storedAck(String submissionId) {
        Path f = config.out().resolve("submissions").resolve(submissionId).resolve("acks")
                .resolve(submissionId + ".json");
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    private Pending pending(SourceFile source) {
        Pending p = bySubmission.get(source.submissionId());
        if (p == null) {
            throw new IllegalStateException("no submission " + source.submissionId() + " in flight");
        }
        return p;
    }
}
