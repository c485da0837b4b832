package io.concord.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a parser over a file or a string and collects what it yields. */
public final class ParserTestSupport {

    private ParserTestSupport() {
    }

    public static List<FeedItem> parse(FeedParser parser, Path file) throws IOException {
        SourceFile src = FeedFormats.describe(file, parser.id());
        List<FeedItem> items = new ArrayList<>();
        try (RecordStream s = parser.open(Files.newInputStream(file), src)) {
            s.forEachRemaining(items::add);
        }
        return items;
    }

    public static List<FeedItem> parse(FeedParser parser, String content, Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return parse(parser, f);
    }

    public static List<SourcePosition> positions(List<FeedItem> items) {
        return items.stream().filter(SourcePosition.class::isInstance).map(SourcePosition.class::cast).toList();
    }

    public static List<SourceCollateral> collateral(List<FeedItem> items) {
        return items.stream().filter(SourceCollateral.class::isInstance).map(SourceCollateral.class::cast).toList();
    }

    public static List<RecordFailure> failures(List<FeedItem> items) {
        return items.stream().filter(RecordFailure.class::isInstance).map(RecordFailure.class::cast).toList();
    }
}
