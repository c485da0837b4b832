package io.concord.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedParser;
import io.concord.feed.RecordBatch;
import io.concord.feed.RecordFailure;
import io.concord.feed.RecordStream;
import io.concord.feed.SourceFile;
import io.concord.model.ReasonCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How much of a set of feed files the mappings cover: per feed, records mapped to a product, unmapped, ambiguous,
 * rejected for other reasons (parsing, identifiers, business rules), and sensitivities (which pass through
 * without a product definition). Runs the real parsers and the real normalizer. A committed coverage file is a
 * ratchet: {@link #compare} says where measured coverage differs from it.
 */
public final class Coverage {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Counts for one feed: records = mapped + unmapped + ambiguous + rejected + sensitivities. */
    public record FeedCounts(long records, long mapped, long unmapped, long ambiguous, long rejected,
                             long sensitivities) {
        FeedCounts plus(FeedCounts o) {
            return new FeedCounts(records + o.records, mapped + o.mapped, unmapped + o.unmapped,
                    ambiguous + o.ambiguous, rejected + o.rejected, sensitivities + o.sensitivities);
        }
    }

    /**
     * A measurement: counts by feed id, and the attributes of unmapped and ambiguous records (distinct, with how
     * many records had them) by feed, for the maintainer to write definitions from. Only {@code feeds} goes into
     * a coverage file.
     */
    public record Report(String mappingsVersion, Map<String, FeedCounts> feeds,
                         Map<String, Map<String, Long>> unmappedProducts) {
    }

    private Coverage() {
    }

    /** Parses and normalizes {@code files} (feed detected from content unless {@code feed} is given). */
    public static Report measure(MappingSet mappings, FeedFormats formats, String feed, List<Path> files)
            throws IOException {
        return measure(mappings, formats, feed, files, p -> { });
    }

    /** {@link #measure(MappingSet, FeedFormats, String, List)}, handing each mapped position to {@code mapped}. */
    public static Report measure(MappingSet mappings, FeedFormats formats, String feed, List<Path> files,
                                 java.util.function.Consumer<io.concord.model.Position> mapped) throws IOException {
        Normalizer normalizer = new Normalizer(mappings);
        Map<String, FeedCounts> feeds = new TreeMap<>();
        Map<String, Map<String, Long>> unmapped = new TreeMap<>();
        for (Path file : files) {
            FeedParser parser = feed != null ? formats.byId(feed).orElseThrow(() -> new IllegalArgumentException(
                    "unknown feed '" + feed + "'; feeds: " + formats.ids())) : formats.detect(file).parser();
            SourceFile src = FeedFormats.describe(file, parser == null ? "unknown" : parser.id());
            if (parser == null) {
                feeds.merge(src.feedId(), new FeedCounts(1, 0, 0, 0, 1, 0), FeedCounts::plus);
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                RecordStream stream = parser.open(in, src);
                for (Iterator<RecordBatch> it = RecordBatch.batches(src, stream, 1000); it.hasNext(); ) {
                    NormalizedBatch b = normalizer.normalize(it.next());
                    long unm = 0;
                    long amb = 0;
                    for (RecordFailure f : b.failures()) {
                        if (f.code() == ReasonCode.UNMAPPED_PRODUCT || f.code() == ReasonCode.AMBIGUOUS_PRODUCT) {
                            if (f.code() == ReasonCode.UNMAPPED_PRODUCT) {
                                unm++;
                            } else {
                                amb++;
                            }
                            unmapped.computeIfAbsent(src.feedId(), k -> new TreeMap<>())
                                    .merge(f.code() + " " + new TreeMap<>(f.attributes()), 1L, Long::sum);
                        }
                    }
                    b.positions().forEach(mapped);
                    long ok = b.positions().size() + b.collateral().size();
                    long sens = b.sensitivities().size();
                    long rejected = b.failures().size() - unm - amb;
                    feeds.merge(src.feedId(), new FeedCounts(ok + sens + b.failures().size(), ok, unm, amb,
                            rejected, sens), FeedCounts::plus);
                }
            }
        }
        return new Report(mappings.version(), feeds, unmapped);
    }

    /**
     * Where {@code measured} differs from the {@code recorded} counts, one sentence per difference: a feed that
     * maps fewer records, or leaves more unmapped or ambiguous, has dropped; one that does better has risen and
     * must be recorded too, so that a later drop back cannot pass unnoticed. Empty when they agree.
     */
    public static List<String> compare(Map<String, FeedCounts> recorded, Map<String, FeedCounts> measured) {
        List<String> out = new ArrayList<>();
        Set<String> feeds = new TreeSet<>(recorded.keySet());
        feeds.addAll(measured.keySet());
        for (String feed : feeds) {
            FeedCounts r = recorded.get(feed);
            FeedCounts m = measured.get(feed);
            if (r == null) {
                out.add(feed + ": not in the coverage file (measured " + describe(m) + ")");
            } else if (m == null) {
                out.add(feed + ": recorded " + describe(r) + " but no longer measured");
            } else if (m.mapped() < r.mapped() || m.unmapped() + m.ambiguous() > r.unmapped() + r.ambiguous()) {
                out.add(feed + ": coverage dropped from " + describe(r) + " to " + describe(m));
            } else if (!m.equals(r)) {
                out.add(feed + ": coverage changed from " + describe(r) + " to " + describe(m) + "; record it");
            }
        }
        return out;
    }

    private static String describe(FeedCounts c) {
        return c.mapped() + " mapped, " + c.unmapped() + " unmapped, " + c.ambiguous() + " ambiguous of "
                + c.records() + " records";
    }

    /** What a coverage file holds: a note on what it is, and the counts by feed. */
    public record File(String about, Map<String, FeedCounts> feeds) {
    }

    static final String ABOUT = "Records mapped / unmapped per feed, as 'concord mappings coverage' measures them. "
            + "A test holds fixtures/ to these counts: after a deliberate change, record it with "
            + "'./concord mappings coverage --update mappings/coverage.json fixtures'.";

    public static Map<String, FeedCounts> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), File.class).feeds();
    }

    public static void write(Path file, Report report) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(new File(ABOUT, new LinkedHashMap<>(report.feeds())))
                + System.lineSeparator());
    }
}
