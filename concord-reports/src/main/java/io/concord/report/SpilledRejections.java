package io.concord.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import io.concord.model.Ack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rejections of a submission that has more than its tally holds in memory: the first ones in memory, the rest in
 * a file of JSON lines, read again each time the list is iterated. A list for reading in order (an ack's JSON and
 * XML, the counts by reason): {@link #get} past the held ones reads the file up to the index.
 */
final class SpilledRejections extends AbstractList<Ack.Rejection> {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ObjectReader READER = Json.MAPPER.readerFor(Ack.Rejection.class);

    /**
     * The file of a submission's spilled rejections, shared by its tally and every list read from it: removed once
     * none of them is reachable any more, or when the process ends.
     */
    static final class Store {
        final Path file;

        Store(Path file) {
            this.file = file;
            file.toFile().deleteOnExit();
            CLEANER.register(this, () -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // removed at exit, or with the folder it is in
                }
            });
        }
    }

    private final List<Ack.Rejection> held;
    private final Store store;
    private final long spilled;

    /** {@code held} then the first {@code spilled} rejections of {@code store}'s file. */
    SpilledRejections(List<Ack.Rejection> held, Store store, long spilled) {
        this.held = List.copyOf(held);
        this.store = store;
        this.spilled = spilled;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, held.size() + spilled);
    }

    @Override
    public Ack.Rejection get(int index) {
        if (index < held.size()) {
            return held.get(index);
        }
        Iterator<Ack.Rejection> it = iterator();
        for (int i = 0; i < index && it.hasNext(); i++) {
            it.next();
        }
        if (!it.hasNext()) {
            throw new IndexOutOfBoundsException(index);
        }
        return it.next();
    }

    @Override
    public Iterator<Ack.Rejection> iterator() {
        Iterator<Ack.Rejection> first = held.iterator();
        return new Iterator<>() {
            private MappingIterator<Ack.Rejection> rest;
            private long read;

            @Override
            public boolean hasNext() {
                return first.hasNext() || read < spilled;
            }

            @Override
            public Ack.Rejection next() {
                if (first.hasNext()) {
                    return first.next();
                }
                if (read >= spilled) {
                    throw new NoSuchElementException();
                }
                try {
                    if (rest == null) {
                        rest = READER.readValues(store.file.toFile());
                    }
                    Ack.Rejection r = rest.nextValue();
                    if (++read == spilled) {
                        rest.close();
                    }
                    return r;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the rejections kept in " + store.file, e);
                }
            }
        };
    }
}
