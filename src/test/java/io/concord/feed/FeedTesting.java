package io.concord.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole file through a parser, for tests. */
public final class FeedTesting {

    private FeedTesting() {
    }

    public static List<FeedItem> parse(FeedParser parser, Path file) throws IOException {
        SourceFile source = FeedFormats.describe(file, parser.id());
        List<FeedItem> items = new ArrayList<>();
        InputStream in = Files.newInputStream(file);
        try (RecordStream s = parser.open(in, source)) {
            s.forEachRemaining(items::add);
        }
        return items;
    }

    public static <T> List<T> only(List<FeedItem> items, Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
