package io.concord.feed;

import io.concord.gateway.ProcessRun;
import io.concord.mapping.MappingSet;
import io.concord.mapping.NormalizedBatch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a parser over a file or a string, and normalizes with the repository's mappings. */
public final class ParserHarness {

    public static final MappingSet MAPPINGS = MappingSet.load(Path.of("mappings"));

    private ParserHarness() {
    }

    public static List<FeedItem> parse(FeedParser parser, Path file) throws IOException {
        SourceFile src = FeedFormats.describe(file, parser.id());
        return drain(parser.open(Files.newInputStream(file), src));
    }

    public static List<FeedItem> parse(FeedParser parser, String name, String content) {
        return parse(parser, name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static List<FeedItem> parse(FeedParser parser, String name, byte[] content) {
        SourceFile src = new SourceFile(Path.of(name), name, parser.id(), parser.id() + "-test", "0", content.length);
        return drain(parser.open(new ByteArrayInputStream(content), src));
    }

    private static List<FeedItem> drain(RecordStream stream) {
        List<FeedItem> items = new ArrayList<>();
        try (stream) {
            stream.forEachRemaining(items::add);
        }
        return items;
    }

    /** Normalizes parsed items with the repository's mappings, as the pipeline's normalize stage does. */
    public static NormalizedBatch normalize(Path file, List<FeedItem> items) throws IOException {
        ProcessRun run = new ProcessRun(Files.createTempDirectory("concord-test"), MAPPINGS, FeedFormats.standard(),
                null);
        try (run) {
            return run.normalize(new RecordBatch(FeedFormats.describe(file, "test"), items));
        }
    }

    public static <T> List<T> only(List<FeedItem> items, Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
