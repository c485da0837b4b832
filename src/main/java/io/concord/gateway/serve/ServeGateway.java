package io.concord.gateway.serve;

import io.concord.feed.FeedFormats;
import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.StateOutputs;
import io.concord.gateway.Stages;
import io.concord.gateway.Submission;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingSet;
import io.concord.mapping.NormalizedBatch;
import io.concord.report.Ack;
import io.concord.report.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Serve mode's stages: each submission runs as its own {@link ProcessRun} in {@code out/.work/<uuid>/}; when
 * complete its folder is renamed to {@code out/submissions/<submission-id>/} and the submission and its
 * positions are committed to the ledger in one transaction. A file whose content the ledger already holds is
 * not processed again: its ack says DUPLICATE and names the first submission.
 *
 * After each commit the outputs of the whole state (margin, the firms' margin reports, the regulator views) are
 * recomputed from the ledger into {@code out/current/} ({@link CurrentState}).
 *
 * <p>Crash safety: work in progress lives only in {@code out/.work/} (cleared at start) and the inbox file is
 * moved to done/ only after the commit, so a killed gateway re-processes the file from the start on restart; the
 * current state is recomputed at start.
 */
public final class ServeGateway implements Stages {

    private final ServeConfig config;
    private final Ledger ledger;
    private final AtomicReference<Loaded> mappings;
    private final CurrentState current;

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

    /** A submission in flight. */
    private static final class Pending {
        final ProcessRun run;
        final Principal principal;
        final Path work;
        volatile Ack ack;

        Pending(ProcessRun run, Principal principal, Path work) {
            this.run = run;
            this.principal = principal;
            this.work = work;
        }
    }

    public ServeGateway(ServeConfig config, Ledger ledger) throws IOException {
        this.config = config;
        this.ledger = ledger;
        this.mappings = new AtomicReference<>(Loaded.from(config.mappings()));
        this.current = new CurrentState(config.out(), ledger, mappings::get);
        clearWork();
        if (!ledger.submissionIds().isEmpty()) {
            current.request(); // a crash may have come between a commit and its recomputation
        }
    }

    public MappingSet mappings() {
        return mappings.get().mappings();
    }

    /** The outputs of the whole state, recomputed after every commit. */
    public CurrentState current() {
        return current;
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

    static void deleteTree(Path root) throws IOException {
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
        Path work = config.out().resolve(".work").resolve(UUID.randomUUID().toString());
        ProcessRun run = new ProcessRun(work, mappings(), FeedFormats.standard(), feedId);
        if (principal.role() == Principal.Role.FIRM) {
            run.restrictToFirms(principal.firms());
        }
        byPath.put(file.toAbsolutePath(), new Pending(run, principal, work));
    }

    /** The ack of a file sent through the routes after {@link #expect}; forgets the file. */
    public Ack outcome(Path file) {
        Pending p = byPath.remove(file.toAbsolutePath());
        if (p == null || p.ack == null) {
            throw new IllegalStateException("no outcome for " + file);
        }
        if (p.ack.status() == Ack.Status.DUPLICATE) {
            try {
                deleteTree(p.work);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + p.work, e);
            }
        }
        return p.ack;
    }

    /**
     * Keeps a file received over HTTP (pushed or polled) as {@code out/received/<submission-id>-<name>} once its
     * submission is settled, and removes its spool folder; the same content received again replaces it.
     */
    public Path keepReceived(Path spooled, Ack ack) throws IOException {
        Path received = config.out().resolve("received").resolve(ack.submissionId() + "-" + spooled.getFileName());
        Files.createDirectories(received.getParent());
        Files.move(spooled, received, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(spooled.getParent());
        return received;
    }

    @Override
    public Submission open(Path file) {
        Pending p = byPath.get(file.toAbsolutePath());
        if (p == null) {
            throw new IllegalStateException(file + " was not expected");
        }
        Submission s = p.run.open(file);
        Optional<Ledger.SubmissionRow> first = ledger.bySha256(s.source().sha256());
        if (first.isPresent()) {
            SourceFile src = s.source();
            p.ack = Ack.duplicate(src.submissionId(), src.feedId(), src.name(), src.sha256(), src.bytes(),
                    Instant.now(), mappings().version(), first.get().id());
            p.run.close();
            return new Submission(src, s.parser(), s.fileFailure(), true);
        }
        bySubmission.put(s.source().submissionId(), p);
        return s;
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
     * Completes a submission: ack, book and summary, publish its folder, commit to the ledger, recompute the
     * current state.
     */
    @Override
    public Ack ack(SourceFile source) {
        Pending p = pending(source);
        Ack ack = p.run.ack(source);
        p.run.finish();
        Path published = config.out().resolve("submissions").resolve(ack.submissionId());
        try {
            Files.createDirectories(published.getParent());
            // an earlier attempt that published but died before its commit is replaced by this one
            deleteTree(published);
            Files.move(p.work, published, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + ack.submissionId(), e);
        }
        if (ledger.commit(ack, p.principal.name(), p.run.bookedPositions(), p.run.collateralLines(),
                p.run.sensitivities())) {
            current.request();
        } else {
            String first = ledger.bySha256(ack.sha256()).map(Ledger.SubmissionRow::id).orElse("?");
            ack = Ack.duplicate(ack.submissionId(), ack.feed(), ack.file(), ack.sha256(), ack.bytes(),
                    ack.receivedAt(), ack.mappingsVersion(), first);
        }
        p.ack = ack;
        bySubmission.remove(source.submissionId());
        return ack;
    }

    /** The stored ack of a submission, if it was committed. */
    public Optional<Ack> storedAck(String submissionId) throws IOException {
        Path f = config.out().resolve("submissions").resolve(submissionId).resolve("acks")
                .resolve(submissionId + ".json");
        return Files.isRegularFile(f) ? Optional.of(Json.MAPPER.readValue(f.toFile(), Ack.class)) : Optional.empty();
    }

    private Pending pending(SourceFile source) {
        Pending p = bySubmission.get(source.submissionId());
        if (p == null) {
            throw new IllegalStateException("no submission " + source.submissionId() + " in flight");
        }
        return p;
    }
}
