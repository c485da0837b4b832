package io.concord.book;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.concord.model.Position;
import io.concord.model.Product;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A {@link PositionBook} that holds at most {@code limit} keys in memory: its keys are written to disk as sorted runs
 * (account order, then book key; the binary Smile form of JSON) of half the limit each, on a thread of the book's own
 * while the next run fills, so the run being written and the one filling stay within the limit together. Reading
 * it ({@link #forEachAccount}) merges the runs and applies the overwrite rule across them in arrival order, so the
 * final book equals the one {@link PositionBook} builds in memory, only in account order. A book that never held
 * half the limit is never written. The runs live in a folder of their own, deleted by {@link #close()}.
 *
 * <p>A merge reads at most {@link #DEFAULT_FAN_IN} runs at once (each open run holds a read buffer and a file
 * handle): with more, the earliest runs are first merged into one run of their own (the overwrite rule applied
 * across them, the merged key's NEW flag set when any of its states replaced), as few as bring the count down to
 * the fan-in, so memory and open files stay bounded however large the book.
 *
 * <p>Products are not written with each position: one product is shared by every position of an instrument, so the
 * runs carry the product's index in a table kept in memory (one entry per instrument).
 */
public final class SpillingBook implements AccountBook, AutoCloseable {

    /**
     * Keys held in memory at most: about 70 MB of positions at the ~700 bytes a position jmap showed (runs of
     * 50,000 keys, one written while the next fills).
     */
    public static final int DEFAULT_LIMIT = 100_000;
    /** Runs read at once by a merge: about 75 KB each (a 64 KiB buffer and a Smile parser). */
    public static final int DEFAULT_FAN_IN = 64;

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory()
            .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES))
            .registerModule(new JavaTimeModule());

    /** One key's state in a run: the position without its product, the product's index, and the NEW flag. */
    record Entry(Position position, int product, boolean replaces) {
    }

    private final Path dir;
    private final int limit;
    /** Keys of one run: half the limit (a limit of 1: one key, written before the next is applied). */
    private final int runKeys;
    private final int fanIn;
    private PositionBook memory = new PositionBook();
    /** The runs on disk in arrival order (a merged run stands where its earliest run stood). */
    private final List<Path> runs = new ArrayList<>();
    /** Runs named so far: a run's file name is never reused, merged runs included. */
    private int named;
    private final Map<Product, Integer> productIndex = new IdentityHashMap<>();
    private final List<Product> products = new ArrayList<>();
    /** The keys in memory in account order, while no run was written and nothing was applied since. */
    private AccountBook sorted;
    /** The thread that writes full runs, and the run it is writing (null: none). */
    private java.util.concurrent.ExecutorService writer;
    private java.util.concurrent.Future<?> writing;

    /** A book whose runs go to {@code dir} (created when the first run is written). */
    public SpillingBook(Path dir, int limit) {
        this(dir, limit, DEFAULT_FAN_IN);
    }

    /** The same, merging at most {@code fanIn} runs at once (at least 2). */
    SpillingBook(Path dir, int limit, int fanIn) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (fanIn < 2) {
            throw new IllegalArgumentException("a merge reads at least 2 runs, not " + fanIn);
        }
        this.dir = dir;
        this.limit = limit;
        this.runKeys = Math.max(1, limit / 2);
        this.fanIn = fanIn;
    }

    public void apply(Position p) {
        memory.apply(p);
        sorted = null;
        if (memory.size() >= runKeys) {
            // the run is written on the book's writer thread while the next one fills: two runs of half the limit
            awaitWriting();
            PositionBook full = memory;
            Path run = nextRun();
            memory = new PositionBook();
            writing = writer().submit(() -> write(full, run));
            if (limit == 1) {
                awaitWriting(); // a limit of 1: never a second key beside the one being written
            }
        }
    }

    private java.util.concurrent.ExecutorService writer() {
        if (writer == null) {
            writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "book runs " + dir.getFileName());
                t.setDaemon(true);
                return t;
            });
        }
        return writer;
    }

    /** Waits for the run being written, if any; its failure is this book's. */
    private void awaitWriting() {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the book's run", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new IllegalStateException("the book's run failed", e.getCause());
        } finally {
            writing = null;
        }
    }

    /** Runs written to disk so far. */
    public int runs() {
        return runs.size();
    }

    private Path nextRun() {
        Path run = newRunFile();
        runs.add(run);
        return run;
    }

    private Path newRunFile() {
        return dir.resolve("run-" + named++ + ".smile");
    }

    /** Writes {@code book}'s keys to {@code run} in account order, then book key order. */
    private void write(PositionBook book, Path run) {
        List<Map.Entry<String, Position>> keyed = new ArrayList<>(book.byKey().entrySet());
        keyed.sort(Map.Entry.<String, Position>comparingByValue(ACCOUNT_ORDER).thenComparing(Map.Entry.comparingByKey()));
        writeRun(run, w -> {
            for (Map.Entry<String, Position> e : keyed) {
                Position p = e.getValue();
                write(w, p, book.replaces(e.getKey()));
            }
        });
    }

    private interface RunWriter {
        void write(SequenceWriter w) throws IOException;
    }

    private void writeRun(Path run, RunWriter entries) {
        try {
            Files.createDirectories(dir);
            try (SequenceWriter w = SMILE.writerFor(Entry.class).writeValues(
                    new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                entries.write(w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the book's run " + run, e);
        }
    }

    private void write(SequenceWriter w, Position p, boolean replaces) throws IOException {
        w.write(new Entry(withProduct(p, null), index(p.product()), replaces));
    }

    private int index(Product product) {
        return productIndex.computeIfAbsent(product, p -> {
            products.add(p);
            return products.size() - 1;
        });
    }

    private static Position withProduct(Position p, Product product) {
        return new Position(p.firmLei(), p.account(), p.segregationClass(), product, p.longQty(), p.shortQty(),
                p.quantities(), p.price(), p.marketValue(), p.asOf(), p.location(), p.action(), p.lineage());
    }

    /**
     * Each account's final positions in account order. In memory when no run was written; otherwise the book's
     * remaining keys are written as a last run and the runs are merged.
     */
    @Override
    public void forEachAccount(Consumer<List<Position>> account) {
        awaitWriting();
        if (runs.isEmpty()) {
            // sorted once for the reads of one state (margin reads the book two or three times)
            if (sorted == null) {
                sorted = AccountBook.of(memory.positions());
            }
            sorted.forEachAccount(account);
            return;
        }
        if (memory.size() > 0) {
            write(memory, nextRun());
            memory = new PositionBook();
        }
        while (runs.size() > fanIn) {
            mergeEarliest(Math.min(fanIn, runs.size() - fanIn + 1));
        }
        Accounts accounts = new Accounts(account);
        merge(runs, accounts);
        accounts.end();
    }

    /** Merged keys grouped by account, each account's positions handed on in a list of its own. */
    private static final class Accounts implements MergedKey {
        private final Consumer<List<Position>> account;
        private List<Position> group = new ArrayList<>();

        Accounts(Consumer<List<Position>> account) {
            this.account = account;
        }

        @Override
        public void accept(Position state, boolean replaces) {
            if (!group.isEmpty() && ACCOUNT_ORDER.compare(group.get(0), state) != 0) {
                end();
            }
            group.add(state);
        }

        void end() {
            if (!group.isEmpty()) {
                account.accept(group);
                group = new ArrayList<>();
            }
        }
    }

    /** Merges the {@code count} earliest runs into one that takes their place, and deletes them. */
    private void mergeEarliest(int count) {
        List<Path> earliest = new ArrayList<>(runs.subList(0, count));
        Path merged = newRunFile();
        try {
            writeRun(merged, w -> merge(earliest, (state, replaces) -> write(w, state, replaces)));
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(merged); // not one of the runs yet: close() would not delete it
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        runs.subList(0, count).clear();
        runs.add(0, merged);
        for (Path run : earliest) {
            try {
                Files.delete(run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the merged run " + run, e);
            }
        }
    }

    /** What a merge gives, key by key in account order: the key's state and whether it replaces earlier states. */
    private interface MergedKey {
        void accept(Position state, boolean replaces) throws IOException;
    }

    /** A run being read: its next entry (null at the end). */
    private final class Cursor {
        final int run;
        final MappingIterator<Entry> entries;
        Position head;
        /** The head's book key, computed once: the merge compares it again and again. */
        String key;
        boolean replaces;

        Cursor(int run, MappingIterator<Entry> entries) {
            this.run = run;
            this.entries = entries;
            advance();
        }

        void advance() {
            if (entries.hasNext()) {
                Entry e = entries.next();
                head = withProduct(e.position(), products.get(e.product()));
                key = head.bookKey();
                replaces = e.replaces();
            } else {
                head = null;
                key = null;
            }
        }
    }

    /** Reads {@code from} (runs in arrival order) at once, applying the overwrite rule across them key by key. */
    private void merge(List<Path> from, MergedKey merged) {
        ObjectReader reader = SMILE.readerFor(Entry.class);
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.<Cursor, Position>comparing(c -> c.head,
                ACCOUNT_ORDER).thenComparing(c -> c.key).thenComparingInt(c -> c.run));
        List<MappingIterator<Entry>> open = new ArrayList<>();
        try {
            for (int i = 0; i < from.size(); i++) {
                MappingIterator<Entry> it = reader.readValues(
                        new BufferedInputStream(Files.newInputStream(from.get(i)), 1 << 16));
                open.add(it);
                Cursor c = new Cursor(i, it);
                if (c.head != null) {
                    heads.add(c);
                }
            }
            while (!heads.isEmpty()) {
                // the key's state in each run that holds it, earliest run first
                Cursor c = heads.poll();
                Position state = c.head;
                boolean replaces = c.replaces;
                String key = c.key;
                next(heads, c);
                while (!heads.isEmpty() && heads.peek().key.equals(key)) {
                    Cursor later = heads.poll();
                    state = PositionBook.apply(state, later.head, later.replaces);
                    replaces |= later.replaces;
                    next(heads, later);
                }
                merged.accept(state, replaces);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the book's runs in " + dir, e);
        } finally {
            for (MappingIterator<Entry> it : open) {
                try {
                    it.close();
                } catch (IOException e) {
                    // reading is over; the runs are deleted on close
                }
            }
        }
    }

    private static void next(PriorityQueue<Cursor> heads, Cursor c) {
        c.advance();
        if (c.head != null) {
            heads.add(c);
        }
    }

    /** Deletes the runs and their folder. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
            try {
                writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + run, e);
            }
        }
        runs.clear();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
