package io.concord.feed;


import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registry of feed formats: look one up by id, or detect it from a file's first bytes. */
public final class FeedFormats {

    private static final int SNIFF_BYTES = 8192;

    private final List<FeedParser> parsers;

    public FeedFormats(List<FeedParser> parsers) {
        this.parsers = List.copyOf(parsers);
    }

    /**
     * Every feed Concord reads: the {@link FeedParser}s registered in
     * {@code META-INF/services/io.concord.feed.FeedParser}, in the order listed there. The registry names no format,
     * so a format package depends on this one and never the other way round.
     */
    public static FeedFormats standard() {
        return new FeedFormats(ServiceLoader.load(FeedParser.class, FeedFormats.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    public List<FeedParser> all() {
        return parsers;
    }

    public Optional<FeedParser> byId(String id) {
        return parsers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The single format that claims the content, or a sentence on why there is none. */
    public Detection detect(Path file) throws IOException {
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(SNIFF_BYTES);
            head = TextEncoding.head(bytes, bytes.length);
        }
        List<FeedParser> claims = parsers.stream().filter(p -> p.sniff(head)).toList();
        if (claims.size() == 1) {
            return new Detection(claims.get(0), null);
        }
        String near = claims.isEmpty() ? parsers.stream().map(p -> p.nearMiss(head))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null) : null;
        String why = near != null ? near
                : claims.isEmpty() ? "no feed format recognises the content; give --feed with one of " + ids()
                : "several feed formats recognise the content (" + claims.stream().map(FeedParser::id).toList()
                  + "); give --feed";
        return new Detection(null, why);
    }

    /** Describes a file as a submission of {@code feedId}: hashes the content for its id. */
    public static SourceFile describe(Path file, String feedId) throws IOException {
        MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
            }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        return new SourceFile(file, file.getFileName().toString(), feedId, feedId + "-" + hex.substring(0, 16),
                hex, bytes);
    }

    public List<String> ids() {
        return parsers.stream().map(FeedParser::id).toList();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Result of detection: a parser, or the reason there is none. */
    public record Detection(FeedParser parser, String problem) {
    }
}
