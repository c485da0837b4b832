package io.concord.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A run of consecutive items from one file: the unit that crosses a stage boundary, so per-record overhead of
 * moving data between stages is paid once per batch. {@code sequence} numbers a file's batches from 1 and
 * {@code last} marks the final one, so a later stage knows when a file is complete even when batches travel
 * asynchronously or out of order.
 */
public record RecordBatch(SourceFile source, int sequence, boolean last, List<FeedItem> items) {

    public RecordBatch {
        items = List.copyOf(items);
    }

    /**
     * Groups a record stream into batches of at most {@code size}; closes the stream when exhausted. A file with
     * no records still yields one (empty, last) batch, so every submission reaches the end of the pipeline. Every
     * item passes {@link FieldBounds#check}: a record with a field over its limit is rejected here, for every feed.
     */
    public static Iterator<RecordBatch> batches(SourceFile source, RecordStream stream, int size) {
        return new Iterator<>() {
            private int sequence;
            private boolean lastSent;

            @Override
            public boolean hasNext() {
                return !lastSent;
            }

            @Override
            public RecordBatch next() {
                if (lastSent) {
                    throw new NoSuchElementException();
                }
                List<FeedItem> items = new ArrayList<>(Math.min(size, 1024));
                while (items.size() < size && stream.hasNext()) {
                    items.add(FieldBounds.check(stream.next()));
                }
                lastSent = !stream.hasNext();
                if (lastSent) {
                    stream.close();
                }
                return new RecordBatch(source, ++sequence, lastSent, items);
            }
        };
    }
}
