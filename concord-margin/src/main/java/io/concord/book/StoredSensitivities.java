package io.concord.book;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.concord.model.Sensitivity;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A run's CRIF rows under the rule of {@link KeyedRows} (a submission's rows of a portfolio replace the rows other
 * submissions gave it), kept on disk: each row is written to a file as it arrives and only where it is stays in
 * memory (an offset, a length and its place in its portfolio: about 16 bytes a row by the arrays, against about 900
 * for the row itself), so a CRIF of a million rows costs disk, not heap.
 * {@link #rows()} reads them back in arrival order; {@link Grouped#byPortfolio()} gives each portfolio's rows as a
 * list read when it is iterated, which is how SIMM takes them, one account at a time. Not thread-safe: callers add
 * one submission's batches in order, and read once the rows are in.
 */
public final class StoredSensitivities implements AutoCloseable {

    /** Rows that can also be read one portfolio at a time. */
    public interface Grouped extends Collection<Sensitivity> {

        /**
         * Each portfolio's ({@link Sensitivity#portfolioKey()}) standing rows in arrival order, portfolios in the order
         * of their first standing row; each list reads its rows from disk when it is iterated.
         */
        Map<String, List<Sensitivity>> byPortfolio();
    }

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory()).registerModule(new JavaTimeModule());

    private final Path dir;
    private Path file;
    private OutputStream out;
    private FileChannel channel;
    private long written;
    /** Per arrival number: where its row starts in the file and its length (-1: replaced or removed). */
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int arrived;
    private int standing;
    /** Per portfolio: the submission whose rows stand and their arrival numbers. */
    private final Map<String, Standing> byKey = new LinkedHashMap<>();

    private static final class Standing {
        final String submission;
        int[] rows = new int[4];
        int size;

        Standing(String submission) {
            this.submission = submission;
        }

        void add(int n) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
            }
            rows[size++] = n;
        }
    }

    /** Rows kept in a file under {@code dir} (created at the first row, removed by {@link #close}). */
    public StoredSensitivities(Path dir) {
        this.dir = dir;
    }

    /** Adds rows in arrival order, each replacing the standing rows of its portfolio from another submission. */
    public void addAll(List<Sensitivity> arriving) {
        for (Sensitivity row : arriving) {
            String key = row.portfolioKey();
            String submission = row.lineage().submissionId();
            Standing s = byKey.get(key);
            if (s == null || !s.submission.equals(submission)) {
                if (s != null) {
                    drop(s);
                    byKey.remove(key); // re-inserted: the portfolio's order is that of its first standing row
                }
                s = new Standing(submission);
                byKey.put(key, s);
            }
            s.add(write(row));
            standing++;
        }
    }

    /** Removes the rows a superseded submission gave (its portfolios then stand with no rows of earlier ones). */
    public void removeSubmission(String submissionId) {
        byKey.values().removeIf(s -> {
            if (s.submission.equals(submissionId)) {
                drop(s);
                return true;
            }
            return false;
        });
    }

    public int size() {
        return standing;
    }

    /** The standing rows in arrival order, read from disk as they are iterated. */
    public Grouped rows() {
        flush();
        try {
            if (file != null && channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ); // read by every margin thread at once
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRIF rows kept in " + file, e);
        }
        int[] order = new int[standing];
        int k = 0;
        for (int n = 0; n < arrived; n++) {
            if (lengths[n] >= 0) {
                order[k++] = n;
            }
        }
        return new Rows(order);
    }

    private void drop(Standing s) {
        for (int i = 0; i < s.size; i++) {
            lengths[s.rows[i]] = -1;
        }
        standing -= s.size;
    }

    private int write(Sensitivity row) {
        try {
            if (out == null) {
                Files.createDirectories(dir);
                file = Files.createTempFile(dir, "crif-", ".smile");
                out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            }
            byte[] bytes = SMILE.writeValueAsBytes(row);
            out.write(bytes);
            if (arrived == offsets.length) {
                offsets = Arrays.copyOf(offsets, arrived * 2);
                lengths = Arrays.copyOf(lengths, arrived * 2);
            }
            offsets[arrived] = written;
            lengths[arrived] = bytes.length;
            written += bytes.length;
            return arrived++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a CRIF row under " + dir, e);
        }
    }

    private void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the CRIF rows under " + dir, e);
        }
    }

    private Sensitivity read(int n) {
        try {
            ByteBuffer b = ByteBuffer.allocate(lengths[n]);
            long at = offsets[n];
            while (b.hasRemaining()) {
                int r = channel.read(b, at + b.position());
                if (r < 0) {
                    throw new IOException("the file ends before row " + n);
                }
            }
            return SMILE.readValue(b.array(), Sensitivity.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a CRIF row kept in " + file, e);
        }
    }

    /** Removes the file. */
    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /** Rows by arrival number, read when iterated. */
    private final class RowList extends AbstractList<Sensitivity> {
        private final int[] rows;
        private final int size;

        RowList(int[] rows, int size) {
            this.rows = rows;
            this.size = size;
        }

        @Override
        public Sensitivity get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return read(rows[index]);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private final class Rows extends AbstractCollection<Sensitivity> implements Grouped {
        private final int[] order;

        Rows(int[] order) {
            this.order = order;
        }

        @Override
        public Iterator<Sensitivity> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < order.length;
                }

                @Override
                public Sensitivity next() {
                    if (i >= order.length) {
                        throw new NoSuchElementException();
                    }
                    return read(order[i++]);
                }
            };
        }

        @Override
        public int size() {
            return order.length;
        }

        @Override
        public Map<String, List<Sensitivity>> byPortfolio() {
            Map<String, List<Sensitivity>> out = new LinkedHashMap<>();
            byKey.entrySet().stream()
                    .filter(e -> e.getValue().size > 0)
                    .sorted(java.util.Comparator.comparingInt(e -> e.getValue().rows[0]))
                    .forEach(e -> out.put(e.getKey(), new RowList(e.getValue().rows, e.getValue().size)));
            return out;
        }
    }
}
