package io.concord.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A run of consecutive items from one file: the unit that crosses a stage boundary, so per-record overhead of
 * moving data between stages is paid once per batch.
 */
public record RecordBatch(SourceFile source, List<FeedItem> items) {

    public RecordBatch {
        items = List.copyOf(items);
    }

    /** Groups a record stream into batches of at most {@code size}; closes the stream when exhausted. */
    public static Iterator<RecordBatch> batches(SourceFile source, RecordStream stream, int size) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = stream.hasNext();
                if (!more) {
                    stream.close();
                }
                return more;
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<FeedItem> items = new ArrayList<>(size);
                while (items.size() < size && stream.hasNext()) {
                    items.add(stream.next());
                }
                return new RecordBatch(source, items);
            }
        };
    }
}
