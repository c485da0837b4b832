package io.concord.gateway;

import io.concord.book.KeyedRows;
import io.concord.book.StoredSensitivities;
import io.concord.book.SpillingBook;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedItem;
import io.concord.feed.FeedParser;
import io.concord.feed.FieldBounds;
import io.concord.feed.ReadAhead;
import io.concord.feed.RecordBatch;
import io.concord.feed.RecordStream;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.feed.SourceCollateral;
import io.concord.feed.SourcePosition;
import io.concord.feed.SourceSensitivity;
import io.concord.mapping.MappingSet;
import io.concord.mapping.NormalizedBatch;
import io.concord.mapping.Normalizer;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.model.ReasonCode;
import io.concord.model.Ack;
import io.concord.report.AckXml;
import io.concord.report.ExceptionRow;
import io.concord.report.Json;
import io.concord.report.JsonLinesWriter;
import io.concord.report.SubmissionTally;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stages of one {@code process} run as plain methods: open a file, stream its batches, normalize, write,
 * acknowledge, and finish (book and summary). Camel routes call these; nothing here knows Camel.
 *
 * <p>Outputs under the run's folder: {@code normalized/positions.jsonl}, {@code normalized/collateral.jsonl},
 * {@code normalized/sensitivities.jsonl}, {@code book/positions.jsonl},
 * {@code exceptions.jsonl}, {@code acks/<submission-id>.json} and {@code .xml}, {@code summary.json}, and with a
 * margin engine {@code margin/margin.json} and {@code reports/<firm-LEI>/margin-report.xml}.
 */
public final class ProcessRun implements Stages, AutoCloseable {

    public static final int BATCH_SIZE = 1000;
    /** Batches parsed ahead of the one being normalized and written (on a reader thread per file). */
    public static final int READ_AHEAD = 4;

    private final Path out;
    private final FeedFormats formats;
    private final String forcedFeed;
    private final Normalizer normalizer;
    private final JsonLinesWriter positions;
    private final JsonLinesWriter collateral;
    private final JsonLinesWriter sensitivities;
    private final JsonLinesWriter exceptions;
    private SpillingBook book;
    /** Where the book writes its runs when it spills (by default {@code book/runs} in the run's folder). */
    private Path bookRuns;
    /**
     * Where the run keeps what it does not hold in memory ({@link #spillIn}): submissions' rejections past the first
     * {@link SubmissionTally#HELD} and the CRIF rows.
     */
    private Path spill = Path.of(System.getProperty("java.io.tmpdir"));
    private int bookLimit = SpillingBook.DEFAULT_LIMIT;
    /** Applied to every normalized batch before it is written (default: nothing). */
    private java.util.function.UnaryOperator<NormalizedBatch> admit = java.util.function.UnaryOperator.identity();
    /** The margin stage (null: none). */
    private final StateOutputs.Engines engines;
    /**
     * Collateral lines of the run, kept in memory for margin (a run's collateral is small next to positions): a
     * later file's lines replace an earlier file's lines of the same key ({@link KeyedRows}), as in the ledger.
     * Guarded by itself.
     */
    private final KeyedRows<CollateralLine> collateralLines = KeyedRows.collateral();
    /**
     * The run's CRIF sensitivities, kept on disk (a CRIF of a million rows is about 900 MB of objects), read back
     * one portfolio at a time by SIMM. A later file's rows of a portfolio replace an earlier file's. Guarded by
     * itself.
     */
    private StoredSensitivities sensitivityRows;
    private final Map<String, SubmissionTally> tallies = new ConcurrentHashMap<>();
    private final Map<String, String> acks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<RunSummary.Input> inputs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> internalErrors = Collections.synchronizedList(new ArrayList<>());
    private int duplicates;
    /** With {@link #resubmitting()}: resubmissions so far by the id of the content's first submission. */
    private final Map<String, Integer> revisions = new ConcurrentHashMap<>();
    private boolean resubmit;
    /** Wall time and heap per stage (the benchmark reads it), and the records written so far (its progress). */
    private final StageClock clock = new StageClock();
    private final java.util.concurrent.atomic.LongAdder recordsDone = new java.util.concurrent.atomic.LongAdder();
    private volatile long streamStart;
    /** Bytes of the inputs read so far, and the records accepted (positions and others), for the progress line. */
    private final java.util.concurrent.atomic.LongAdder bytesRead = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder recordsAccepted = new java.util.concurrent.atomic.LongAdder();
    /** Where the run's folder will be once it is published (null: where it is written); summary paths name it. */
    private Path publishedAs;
    /** When set, records of any other firm are rejected (a FIRM principal submits only its own data). */
    private java.util.Set<String> allowedFirms;

    /** A run without the margin stage. */
    public ProcessRun(Path out, MappingSet mappings, FeedFormats formats, String forcedFeed) {
        this(out, mappings, formats, forcedFeed, null);
    }

    /**
     * A run that computes margin on the final book and writes {@code margin/margin.json}; accounts with CRIF
     * sensitivities are margined by the engines' SIMM (silo SIMM) instead of the schedule; then the margin reports
     * and the regulator views, large positions judged against the engines' levels ({@link StateOutputs}).
     */
    public ProcessRun(Path out, MappingSet mappings, FeedFormats formats, String forcedFeed,
                      StateOutputs.Engines engines) {
        this.out = out;
        this.engines = engines;
        this.formats = formats;
        this.forcedFeed = forcedFeed;
        if (forcedFeed != null && formats.byId(forcedFeed).isEmpty()) {
            throw new IllegalArgumentException("unknown feed '" + forcedFeed + "'; feeds: " + formats.ids());
        }
        this.normalizer = new Normalizer(mappings);
        this.bookRuns = out.resolve("book/runs");
        this.book = new SpillingBook(bookRuns, bookLimit);
        this.sensitivityRows = new StoredSensitivities(spill);
        this.positions = new JsonLinesWriter(out.resolve(NORMALIZED_POSITIONS));
        this.collateral = new JsonLinesWriter(out.resolve(NORMALIZED_COLLATERAL));
        this.sensitivities = new JsonLinesWriter(out.resolve(NORMALIZED_SENSITIVITIES));
        this.exceptions = new JsonLinesWriter(out.resolve("exceptions.jsonl"));
    }

    /**
     * Holds at most {@code keys} book keys in memory, writing sorted runs of half as many to disk past that (default
     * {@link SpillingBook#DEFAULT_LIMIT}); call before the first file.
     */
    public ProcessRun bookInMemoryUpTo(int keys) {
        this.bookLimit = keys;
        return newBook();
    }

    /**
     * Writes the book's runs (when it spills) to {@code dir} instead of {@code book/runs} in the run's folder: serve
     * mode moves that folder before it commits the book; call before the first file.
     */
    public ProcessRun bookRunsIn(Path dir) {
        this.bookRuns = dir;
        return newBook();
    }

    /**
     * Keeps each submission's rejections past the first {@link SubmissionTally#HELD} and the run's CRIF rows in files
     * under {@code dir} (by default the system's temporary folder): a rejections file is removed once no ack reads
     * it, or when the process ends; the CRIF file when the run is closed. Call before the first file.
     */
    public ProcessRun spillIn(Path dir) {
        if (streamStart != 0) {
            throw new IllegalStateException("the spill folder is set before the first file");
        }
        this.spill = dir;
        this.sensitivityRows = new StoredSensitivities(dir);
        return this;
    }

    private ProcessRun newBook() {
        if (streamStart != 0) {
            throw new IllegalStateException("the book is set up before the first file");
        }
        this.book = new SpillingBook(bookRuns, bookLimit);
        return this;
    }

    /**
     * A later file whose content an earlier file of the run carried is processed again, as a resubmission that
     * supersedes the earlier submission ({@code process --resubmit}), instead of being skipped as a duplicate.
     */
    public ProcessRun resubmitting() {
        this.resubmit = true;
        return this;
    }

    /**
     * Passes every normalized batch through {@code check} before it is written (serve mode and the bus reject there
     * the records the ledger cannot store); call before the first file.
     */
    public ProcessRun admitting(java.util.function.UnaryOperator<NormalizedBatch> check) {
        this.admit = check;
        return this;
    }

    /**
     * The run's folder is moved to {@code folder} once the run has finished (a fresh folder swapped in whole):
     * {@code summary.json} and the run summary name the outputs where they will be.
     */
    public ProcessRun publishedAs(Path folder) {
        this.publishedAs = folder;
        return this;
    }

    /** Where {@code file}, written under the run's folder, is once the folder is published. */
    private String shown(Path file) {
        return publishedAs == null ? file.toString() : publishedAs.resolve(out.relativize(file)).toString();
    }

    /** Restricts the run to records of these firm LEIs; others are rejected with FIRM_NOT_AUTHORIZED. */
    public ProcessRun restrictToFirms(java.util.Set<String> leis) {
        this.allowedFirms = java.util.Set.copyOf(leis);
        return this;
    }

    /** The collateral lines that stand (none replaced by a later file's), in the order they arrived. */
    public List<CollateralLine> collateralLines() {
        synchronized (collateralLines) {
            return collateralLines.rows();
        }
    }

    /** The CRIF sensitivities that stand (no later file gave their portfolio), in the order they arrived. */
    public Collection<Sensitivity> sensitivities() {
        synchronized (sensitivityRows) {
            return sensitivityRows.rows();
        }
    }

    /**
     * The run's final book, read account by account (from disk when it spilled): readable after
     * {@link #finishKeepingBook()} until {@link #close()}.
     */
    public io.concord.book.AccountBook book() {
        return account -> {
            synchronized (book) {
                book.forEachAccount(account);
            }
        };
    }

    /** The run's normalized records, one JSON line each, by kind (under the run's folder). */
    public static final String NORMALIZED_POSITIONS = "normalized/positions.jsonl";
    public static final String NORMALIZED_COLLATERAL = "normalized/collateral.jsonl";
    public static final String NORMALIZED_SENSITIVITIES = "normalized/sensitivities.jsonl";

    /**
     * Normalized records written so far (positions as reported, before the book; collateral lines; CRIF rows): what
     * the bus carries of this run.
     */
    public long normalizedRecords() {
        return positions.lines() + collateral.lines() + sensitivities.lines();
    }

    /** Wall time and heap per stage of this run. */
    public StageClock clock() {
        return clock;
    }

    /** Records written so far (accepted or rejected), over every submission. */
    public long recordsDone() {
        return recordsDone.sum();
    }

    /**
     * The progress line of this run reading inputs of {@code totalBytes}: while it reads, bytes and records; once
     * the margin pass has begun, positions margined of those accepted (an upper bound: later reports overwrite
     * earlier ones).
     */
    public String progress(long totalBytes) {
        long start = streamStart;
        return progressLine(totalBytes, bytesRead.sum(), recordsDone.sum(),
                start == 0 ? 0 : (System.nanoTime() - start) / 1e9,
                recordsAccepted.sum(), clock.margined(), clock.marginSeconds());
    }

    static String progressLine(long totalBytes, long bytes, long records, double readSeconds, long accepted,
                               long margined, double marginSeconds) {
        if (margined > 0) {
            return Progress.line("margin pass", margined, Math.max(accepted, margined), "positions", marginSeconds);
        }
        if (totalBytes > 0 && bytes >= totalBytes) {
            return String.format(java.util.Locale.ROOT, "read %.1f MB, %,d records; booking, then the margin pass",
                    bytes / 1e6, records);
        }
        double mbPerSecond = readSeconds > 0 ? bytes / readSeconds : 0;
        String eta = mbPerSecond > 0 && bytes < totalBytes
                ? String.format(java.util.Locale.ROOT, ", ETA %.0f s", (totalBytes - bytes) / mbPerSecond) : "";
        return String.format(java.util.Locale.ROOT, "reading: %.1f / %.1f MB, %,d records, %,.0f records/s%s",
                bytes / 1e6, totalBytes / 1e6, records, readSeconds > 0 ? records / readSeconds : 0, eta);
    }

    /** An input stream that counts the bytes read from it. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private final java.util.concurrent.atomic.LongAdder count;

        CountingInput(java.io.InputStream in, java.util.concurrent.atomic.LongAdder count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count.add(skipped);
            return skipped;
        }
    }

    public String mappingsVersion() {
        return normalizer.mappings().version();
    }

    /** Stage 1: describe a file as a submission (feed detected unless forced), or say why it cannot be read. */
    @Override
    public Submission open(Path file) {
        return openAs(file, java.util.function.UnaryOperator.identity());
    }

    /**
     * Stage 1 with the submission named by {@code identify} (not an overload of {@code open}: the routes call
     * stages by method name, and Camel would bind the wrong one), given the file's description (feed, content hash,
     * the id {@code process} gives it) before anything is read: serve mode names each principal's submission.
     */
    public Submission openAs(Path file, java.util.function.UnaryOperator<SourceFile> identify) {
        if (streamStart == 0) {
            StageClock.heapPeakAndReset();
            streamStart = System.nanoTime();
        }
        FeedParser parser;
        String problem = null;
        try {
            if (forcedFeed != null) {
                parser = formats.byId(forcedFeed).orElseThrow();
            } else {
                FeedFormats.Detection d = formats.detect(file);
                parser = d.parser();
                problem = d.problem();
            }
            SourceFile src = identify.apply(FeedFormats.describe(file, parser == null ? "unknown" : parser.id()));
            boolean duplicate = tallies.containsKey(src.submissionId());
            if (duplicate && resubmit) {
                src = supersede(src);
                duplicate = false;
            }
            if (duplicate) {
                synchronized (this) {
                    duplicates++;
                }
            } else {
                tallies.put(src.submissionId(), new SubmissionTally(src, Instant.now(), spill));
            }
            RecordFailure failure = problem == null ? null
                    : RecordFailure.ofFile(src, "file", ReasonCode.UNKNOWN_FEED, problem);
            return new Submission(src, parser, failure, duplicate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * A later file of the run with content an earlier file carried, as the resubmission that supersedes the latest
     * submission of that content: id {@code <id>-r<n>}; the superseded submission's collateral lines and
     * sensitivities leave the run's state (its positions are overwritten by the resubmission's, key by key).
     */
    private SourceFile supersede(SourceFile src) {
        String base = src.submissionId();
        int revision = revisions.merge(base, 1, Integer::sum) + 1;
        String superseded = revision == 2 ? base : base + "-r" + (revision - 1);
        synchronized (collateralLines) {
            collateralLines.removeSubmission(superseded);
        }
        synchronized (sensitivityRows) {
            sensitivityRows.removeSubmission(superseded);
        }
        return new SourceFile(src.path(), src.name(), src.feedId(), base + "-r" + revision, src.sha256(), src.bytes());
    }

    /** Whether the submission is new in this run (a file with the same content is processed once). */
    @Override
    public boolean isNew(Submission s) {
        return !s.duplicate();
    }

    /** Stage 2: the submission's records, streamed in batches, parsed ahead on a thread of their own. */
    @Override
    public Iterator<RecordBatch> batches(Submission s) throws IOException {
        if (s.fileFailure() != null) {
            return List.of(new RecordBatch(s.source(), 1, true, List.of(s.fileFailure()))).iterator();
        }
        RecordStream stream = io.concord.feed.NonEmptyStream.of(s.parser().open(
                new CountingInput(Files.newInputStream(s.source().path()), bytesRead), s.source()), s.source());
        return new ReadAhead(s.source().name(), RecordBatch.batches(s.source(), stream, BATCH_SIZE), stream,
                READ_AHEAD);
    }

    /** Stage 3: map each parsed record to a product; parser failures pass through. */
    @Override
    public NormalizedBatch normalize(RecordBatch batch) {
        return clock.count("normalize", () -> normalizeBatch(batch));
    }

    private NormalizedBatch normalizeBatch(RecordBatch batch) {
        if (allowedFirms == null) {
            return admit.apply(normalizer.normalize(batch));
        }
        List<FeedItem> items = new ArrayList<>(batch.items().size());
        for (FeedItem item : batch.items()) {
            RecordFailure foreign = foreignFirm(item);
            items.add(foreign != null ? foreign : item);
        }
        return admit.apply(normalizer.normalize(new RecordBatch(batch.source(), batch.sequence(), batch.last(),
                items)));
    }

    private RecordFailure foreignFirm(FeedItem item) {
        if (allowedFirms == null) {
            return null;
        }
        String firm;
        io.concord.model.Lineage l;
        if (item instanceof SourcePosition p) {
            // a feed that names the firm by a code (LTR80) is checked against the LEI the code stands for; an
            // unknown code is left to the normalizer, which rejects it as UNKNOWN_FIRM
            firm = p.firmLei() != null ? p.firmLei() : normalizer.mappings().firms()
                    .byCode(p.attributes().get(io.concord.feed.Attr.FIRM_CODE))
                    .map(io.concord.mapping.FirmDirectory.Firm::lei).orElse(null);
            if (firm == null) {
                return null;
            }
            l = p.lineage();
        } else if (item instanceof SourceCollateral c) {
            firm = c.line().ownerLei();
            l = c.line().lineage();
        } else if (item instanceof SourceSensitivity s) {
            firm = s.sensitivity().firmLei();
            l = s.sensitivity().lineage();
        } else {
            return null;
        }
        if (allowedFirms.contains(firm)) {
            return null;
        }
        return new RecordFailure(l.feed(), l.file(), l.record(), l.location(), ReasonCode.FIRM_NOT_AUTHORIZED,
                "firm", "the submitter reports for " + new java.util.TreeSet<>(allowedFirms) + ", not for " + firm,
                Map.of("firm", String.valueOf(firm)), firm);
    }

    /**
     * The firm whose outputs list a rejected record (see {@link ExceptionRow#firm()}): the firm it reports for,
     * when the submitter may report for it (a run without a restriction may report for any); else, when the
     * submitter reports for one firm only, that firm (it sent the record); else none.
     */
    private String owner(RecordFailure f) {
        java.util.Set<String> allowed = allowedFirms;
        if (allowed == null || (f.firm() != null && allowed.contains(f.firm()))) {
            return f.firm();
        }
        return allowed.size() == 1 ? allowed.iterator().next() : null;
    }

    /**
     * Stage 4: write accepted records and exceptions, book positions, count. Returns true when this batch
     * completed its submission (every batch written): the submission is then ready for its ack.
     */
    @Override
    public boolean write(NormalizedBatch batch) {
        return clock.count("write and book", () -> writeBatch(batch));
    }

    private boolean writeBatch(NormalizedBatch batch) {
        SubmissionTally tally = tally(batch.source());
        for (Position p : batch.positions()) {
            positions.write(p);
        }
        batch.collateral().forEach(collateral::write);
        synchronized (collateralLines) {
            collateralLines.addAll(batch.collateral());
        }
        batch.sensitivities().forEach(sensitivities::write);
        synchronized (sensitivityRows) {
            sensitivityRows.addAll(batch.sensitivities());
        }
        synchronized (book) {
            batch.positions().forEach(book::apply);
        }
        tally.accepted(batch.accepted());
        for (RecordFailure failure : batch.failures()) {
            RecordFailure f = FieldBounds.bound(failure);
            exceptions.write(ExceptionRow.of(batch.source().submissionId(), mappingsVersion(), f, owner(f)));
            tally.rejected(f);
        }
        recordsDone.add(batch.accepted() + batch.failures().size());
        recordsAccepted.add(batch.accepted());
        return tally.batchDone(batch.sequence(), batch.last());
    }

    /**
     * Error path: a batch that failed inside Concord is rejected record by record with INTERNAL_ERROR, so
     * nothing is lost silently and the counts still reconcile. Returns true when this completed the submission.
     */
    @Override
    public boolean failBatch(SourceFile source, int sequence, boolean last, List<?> items, Exception cause) {
        String why = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        internalErrors.add(source.name() + ": " + why);
        SubmissionTally tally = tally(source);
        for (Object item : items) {
            RecordFailure f;
            if (item instanceof RecordFailure rf) {
                f = rf;
            } else {
                io.concord.model.Lineage l = lineageOf(item);
                f = new RecordFailure(source.feedId(), source.name(), l == null ? 0 : l.record(),
                        l == null ? "unknown" : l.location(), ReasonCode.INTERNAL_ERROR, null, why, Map.of(),
                        firmOf(item));
            }
            f = FieldBounds.bound(f);
            exceptions.write(ExceptionRow.of(source.submissionId(), mappingsVersion(), f, owner(f)));
            tally.rejected(f);
        }
        return tally.batchDone(sequence, last);
    }

    /** The firm LEI a record in flight reports for (null when it names none, e.g. by a firm code). */
    private static String firmOf(Object item) {
        if (item instanceof SourcePosition sp) {
            return sp.firmLei();
        } else if (item instanceof SourceCollateral sc) {
            return sc.line().ownerLei();
        } else if (item instanceof SourceSensitivity ss) {
            return ss.sensitivity().firmLei();
        } else if (item instanceof Position p) {
            return p.firmLei();
        } else if (item instanceof CollateralLine c) {
            return c.ownerLei();
        } else if (item instanceof Sensitivity s) {
            return s.firmLei();
        }
        return null;
    }

    private static io.concord.model.Lineage lineageOf(Object item) {
        if (item instanceof SourcePosition sp) {
            return sp.lineage();
        } else if (item instanceof SourceCollateral sc) {
            return sc.line().lineage();
        } else if (item instanceof SourceSensitivity ss) {
            return ss.sensitivity().lineage();
        } else if (item instanceof Position p) {
            return p.lineage();
        } else if (item instanceof CollateralLine c) {
            return c.lineage();
        } else if (item instanceof Sensitivity s) {
            return s.lineage();
        }
        return null;
    }

    /**
     * Error path for a failure outside any batch (the file could not be opened or split): the whole file is one
     * INTERNAL_ERROR rejection and the submission is complete.
     */
    @Override
    public boolean failSubmission(SourceFile source, Exception cause) {
        RecordFailure f = RecordFailure.ofFile(source, "file", ReasonCode.INTERNAL_ERROR,
                cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return failBatch(source, 1, true, List.of(f), cause);
    }

    /** Stage 5: the submission's acknowledgement, written to {@code acks/<id>.json}. */
    @Override
    public Ack ack(SourceFile source) {
        Ack ack = tally(source).ack(mappingsVersion());
        try {
            Path file = out.resolve("acks").resolve(ack.submissionId() + ".json");
            Files.createDirectories(file.getParent());
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), ack);
            AckXml.write(ack, out.resolve("acks").resolve(ack.submissionId() + ".xml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ack for " + ack.submissionId(), e);
        }
        acks.put(ack.submissionId(), ack.status().name());
        inputs.add(RunSummary.Input.of(ack));
        return ack;
    }

    private SubmissionTally tally(SourceFile source) {
        SubmissionTally t = tallies.get(source.submissionId());
        if (t == null) {
            throw new IllegalStateException("no submission " + source.submissionId() + " was opened");
        }
        return t;
    }

    /**
     * Closes the streams, writes the state's outputs on the final book ({@link StateOutputs}: book, margin, margin
     * reports, regulator views, auth.108 margin data) and {@code summary.json}.
     */
    public RunSummary finish() {
        try {
            return finishKeepingBook();
        } finally {
            close();
        }
    }

    /**
     * {@link #finish()} that keeps the book readable ({@link #book()}) until {@link #close()}: serve mode commits it
     * to the ledger after the outputs are written.
     */
    public RunSummary finishKeepingBook() {
        closeWriters();
        if (streamStart != 0) {
            clock.ended("stream (parse, normalize, write, book, acks)", streamStart);
        }
        StateOutputs.Written state;
        synchronized (book) {
            state = StateOutputs.write(out, mappingsVersion(), engines, book, collateralLines(), sensitivities(),
                    exceptions.path(), clock);
        }
        state.firmErrors().forEach((firm, failed) -> failed.forEach((file, why) ->
                internalErrors.add("reports/" + firm + "/" + file + " not written: " + why)));
        long accepted = 0;
        long rejected = 0;
        for (SubmissionTally t : tallies.values()) {
            Ack a = t.ack(mappingsVersion());
            accepted += a.accepted();
            rejected += a.rejected();
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("positions", shown(positions.path()));
        outputs.put("collateral", shown(collateral.path()));
        outputs.put("sensitivities", shown(sensitivities.path()));
        state.files().forEach((name, path) -> outputs.put(name, shown(path)));
        outputs.put("exceptions", shown(exceptions.path()));
        outputs.put("acks", shown(out.resolve("acks")));
        outputs.put("summary", shown(out.resolve("summary.json")));
        RunSummary summary = new RunSummary(mappingsVersion(), tallies.size(), duplicates, accepted + rejected,
                accepted, rejected, (int) state.booked(), new LinkedHashMap<>(acks), inputs(), outputs,
                List.copyOf(internalErrors),
                state.margin() == null ? null : state.margin().market());
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("summary.json").toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write summary", e);
        }
        return summary;
    }

    private List<RunSummary.Input> inputs() {
        synchronized (inputs) {
            return List.copyOf(inputs);
        }
    }

    /** Closes the output streams and deletes the book's runs, if it spilled. */
    @Override
    public void close() {
        closeWriters();
        synchronized (book) {
            book.close();
        }
        synchronized (sensitivityRows) {
            sensitivityRows.close();
        }
    }

    private void closeWriters() {
        positions.close();
        collateral.close();
        sensitivities.close();
        exceptions.close();
    }
}
