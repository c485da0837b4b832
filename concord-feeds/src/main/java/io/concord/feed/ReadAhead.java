package io.concord.feed;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Parses ahead: the batches of a file are read on a thread of their own, at most {@code depth} batches ahead of the
 * caller, so parsing one batch overlaps normalizing and writing the one before. The batches come in file order;
 * a parse that fails ends the iteration with its exception, on the caller's thread, where the batch would have
 * come. {@link #close()} (the caller gives up early) stops the reader and closes the file.
 */
public final class ReadAhead implements Iterator<RecordBatch>, Closeable {

    /** What the reader hands over after the last batch. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private Object next;

    /** Reads {@code batches} (over {@code stream}, closed when the reader stops early) ahead on its own thread. */
    public ReadAhead(String name, Iterator<RecordBatch> batches, RecordStream stream, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.reader = new Thread(() -> {
            try {
                while (batches.hasNext()) {
                    queue.put(batches.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                stream.close();
            } catch (RuntimeException | Error e) {
                stream.close();
                try {
                    queue.put(e);
                } catch (InterruptedException stopped) {
                    // the caller gave up: nobody waits for the failure
                }
            }
        }, "read-ahead " + name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RecordBatch batch = (RecordBatch) next;
        next = null;
        return batch;
    }

    /** Stops the reader (which closes the file) when the batches were not all taken. */
    @Override
    public void close() {
        if (next != END) {
            reader.interrupt();
        }
    }
}
