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

    /** Parses {@code content} as a file named {@code name}, from memory. */
    public static List<FeedItem> parse(FeedParser parser, String name, byte[] content) {
        SourceFile src = new SourceFile(Path.of(name), name, parser.id(), parser.id() + "-test", "0", content.length);
        List<FeedItem> items = new ArrayList<>();
        try (RecordStream s = parser.open(new java.io.ByteArrayInputStream(content), src)) {
            s.forEachRemaining(items::add);
        }
        return items;
    }

    public static List<FeedItem> parse(FeedParser parser, String name, String content) {
        return parse(parser, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Normalizes parsed items with the shipped mappings, as the pipeline's normalize stage does. */
    public static io.concord.mapping.NormalizedBatch normalize(Path file, List<FeedItem> items) throws IOException {
        io.concord.gateway.ProcessRun run = new io.concord.gateway.ProcessRun(
                Files.createTempDirectory("concord-test"), io.concord.TestMappings.SHIPPED, FeedFormats.standard(),
                null);
        try (run) {
            return run.normalize(new RecordBatch(FeedFormats.describe(file, "test"), 1, true, items));
        }
    }

    public static <T> List<T> only(List<FeedItem> items, Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
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
