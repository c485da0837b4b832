package io.concord.feed;

import io.concord.feed.secbd.BdPositionsParser;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches parsed on a reader thread arrive as the file gives them; a failure and an early stop are handled. */
class ReadAheadTest {

    private static final Path FILE = Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv");

    /** The fixture's stream, optionally failing after {@code failAfter} records, counting down when closed. */
    private static RecordStream stream(int failAfter, CountDownLatch closed) throws Exception {
        SourceFile src = FeedFormats.describe(FILE, BdPositionsParser.ID);
        RecordStream in = new BdPositionsParser().open(Files.newInputStream(FILE), src);
        return new RecordStream() {
            int read;

            @Override
            public boolean hasNext() {
                if (read == failAfter) {
                    throw new UncheckedIOException(new java.io.IOException("device read error"));
                }
                return in.hasNext();
            }

            @Override
            public FeedItem next() {
                read++;
                return in.next();
            }

            @Override
            public void close() {
                in.close();
                closed.countDown();
            }
        };
    }

    private static List<String> describe(Iterator<RecordBatch> batches) {
        List<String> out = new ArrayList<>();
        batches.forEachRemaining(b -> out.add(b.sequence() + " " + b.last() + " " + b.items()));
        return out;
    }

    @Test
    void theBatchesArriveInFileOrderAsWithoutReadAhead() throws Exception {
        SourceFile src = FeedFormats.describe(FILE, BdPositionsParser.ID);
        List<String> direct = describe(RecordBatch.batches(src, stream(-1, new CountDownLatch(1)), 2));
        RecordStream s = stream(-1, new CountDownLatch(1));
        List<String> ahead = describe(new ReadAhead("test", RecordBatch.batches(src, s, 2), s, 1));
        assertThat(direct).hasSizeGreaterThan(2);
        assertThat(ahead).isEqualTo(direct);
    }

    @Test
    void aParseFailureReachesTheCallerAfterTheBatchesBeforeIt() throws Exception {
        SourceFile src = FeedFormats.describe(FILE, BdPositionsParser.ID);
        CountDownLatch closed = new CountDownLatch(1);
        RecordStream s = stream(3, closed);
        ReadAhead ahead = new ReadAhead("test", RecordBatch.batches(src, s, 2), s, 4);
        assertThat(ahead.next().items()).hasSize(2);
        assertThatThrownBy(ahead::next).isInstanceOf(UncheckedIOException.class).hasMessageContaining("device read");
        assertThat(closed.await(10, TimeUnit.SECONDS)).as("the file is closed").isTrue();
    }

    @Test
    void closingEarlyStopsTheReaderAndClosesTheFile() throws Exception {
        SourceFile src = FeedFormats.describe(FILE, BdPositionsParser.ID);
        CountDownLatch closed = new CountDownLatch(1);
        RecordStream s = stream(-1, closed);
        ReadAhead ahead = new ReadAhead("test", RecordBatch.batches(src, s, 1), s, 1);
        ahead.next();
        ahead.close();
        assertThat(closed.await(10, TimeUnit.SECONDS)).as("the file is closed").isTrue();
    }
}
