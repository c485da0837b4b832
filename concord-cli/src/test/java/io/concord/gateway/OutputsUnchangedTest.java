package io.concord.gateway;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.bench.FeedGenerator;
import io.concord.gateway.runtime.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The safety net of the performance work: every output {@code process} writes, on the fixtures and (opt-in) on a
 * generated 100,000-position feed, has the SHA-256 digest recorded from the code before it was optimized. A run
 * stamps the time it ran and the folder it wrote to; those are masked (an instant inside the run's own time window
 * becomes {@code <NOW>}, the output folder {@code <OUT>}), everything else must be byte for byte what it was. A
 * workbook is a zip whose entries are digested one by one (the zip itself carries entry times).
 *
 * <p>{@code -Dconcord.outputs.large=true} adds the generated feed (about a minute);
 * {@code -Dconcord.outputs.record=true} rewrites the digest files from the code as it is (only when an output is
 * meant to change, and say so in the commit).
 */
class OutputsUnchangedTest {

    static final Path DIGESTS = Path.of("concord-cli/src/test/resources/io/concord/gateway/outputs-unchanged");
    static final String FIXTURES = "fixtures.sha256";
    static final String GENERATED = "generated-100k.sha256";
    /** Every digest file this test checks; a file in {@link #DIGESTS} not listed here fails. */
    static final List<String> CHECKED = List.of(FIXTURES, GENERATED);

    private static final boolean RECORD = Boolean.getBoolean("concord.outputs.record");
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})");

    @TempDir
    Path tmp;

    @Test
    void everyOutputOfTheFixturesRunIsWhatItWas() throws Exception {
        check(FIXTURES, run(List.of(Path.of("fixtures")), tmp.resolve("out")));
    }

    @Test
    void everyOutputOfAGenerated100kRunIsWhatItWas() throws Exception {
        assumeTrue(RECORD || Boolean.getBoolean("concord.outputs.large"),
                "the generated 100k run is opt-in: -Dconcord.outputs.large=true");
        // the bench's generator with the bench's seed: 60,000 broker-dealer CSV and 40,000 FIXML positions
        FeedGenerator gen = new FeedGenerator(20261120L);
        Path feeds = tmp.resolve("feeds");
        gen.secPositions(feeds.resolve("positions.csv"), 60_000, 600);
        gen.fixmlPositions(feeds.resolve("posrpt.xml"), 40_000, 400);
        check(GENERATED, run(List.of(feeds), tmp.resolve("out")));
    }

    @Test
    void everyDigestFileIsNonEmptyAndChecked() throws IOException {
        try (Stream<Path> s = Files.list(DIGESTS)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(CHECKED);
        }
        for (String name : CHECKED) {
            Map<String, String> recorded = read(DIGESTS.resolve(name));
            assertThat(recorded).as(name).hasSizeGreaterThan(20);
            assertThat(recorded.keySet()).as(name).anyMatch(k -> k.startsWith("margin/margin.json"))
                    .anyMatch(k -> k.startsWith("book/positions.jsonl")).anyMatch(k -> k.contains(".xlsx!xl/"));
        }
    }

    @Test
    void masksTheRunsOwnInstantsOnly() {
        Instant start = Instant.parse("2026-12-05T08:00:50Z");
        Instant end = Instant.parse("2026-12-05T08:01:10Z");
        assertThat(mask("<RptExctnDt>2026-12-05</RptExctnDt><EvtDt>2026-11-20</EvtDt>", start, end, "/o"))
                .isEqualTo("<RptExctnDt><TODAY></RptExctnDt><EvtDt>2026-11-20</EvtDt>");
        assertThat(mask("\"receivedAt\" : \"2026-12-05T08:00:51.961838985Z\", \"at\": \"2026-11-20T16:00:00Z\" in /o/x",
                start, end, "/o")).isEqualTo("\"receivedAt\" : \"<NOW>\", \"at\": \"2026-11-20T16:00:00Z\" in <OUT>/x");
    }

    /** A {@code process} run of {@code inputs} into {@code out}: the digests of its outputs, masked. */
    private static Map<String, String> run(List<Path> inputs, Path out) throws Exception {
        Instant start = Instant.now();
        RunSummary s = Gateway.process(ConcordConfig.defaults(), Gateway.standardRun(out, null, Path.of("mappings"), null),
                Gateway.expand(inputs));
        Instant end = Instant.now();
        assertThat(s.internalErrors()).isEmpty();
        assertThat(s.accepted()).isPositive();
        return digests(out, start, end);
    }

    private static void check(String name, Map<String, String> actual) throws IOException {
        Path file = DIGESTS.resolve(name);
        if (RECORD) {
            Files.createDirectories(DIGESTS);
            StringBuilder sb = new StringBuilder();
            actual.forEach((path, digest) -> sb.append(digest).append("  ").append(path).append('\n'));
            Files.writeString(file, sb);
        }
        Map<String, String> recorded = read(file);
        assertThat(recorded).as(name + " is recorded").hasSizeGreaterThan(20);
        assertThat(actual.keySet()).as("the outputs written").containsExactlyElementsOf(recorded.keySet());
        List<String> changed = new ArrayList<>();
        recorded.forEach((path, digest) -> {
            if (!digest.equals(actual.get(path))) {
                changed.add(path);
            }
        });
        assertThat(changed).as("outputs whose content changed").isEmpty();
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            int gap = line.indexOf("  ");
            out.put(line.substring(gap + 2), line.substring(0, gap));
        }
        return out;
    }

    /** Path (a workbook's entries as {@code file!entry}) → SHA-256 of its masked content, in path order. */
    static Map<String, String> digests(Path root, Instant start, Instant end) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            if (rel.endsWith(".xlsx")) {
                try (ZipFile zip = new ZipFile(f.toFile())) {
                    for (ZipEntry e : zip.stream().toList()) {
                        try (InputStream in = zip.getInputStream(e)) {
                            out.put(rel + "!" + e.getName(), digest(in, start, end, root.toString()));
                        }
                    }
                }
            } else {
                try (InputStream in = Files.newInputStream(f)) {
                    out.put(rel, digest(in, start, end, root.toString()));
                }
            }
        }
        return out;
    }

    /** The digest of a text read line by line (terminators kept), each line masked. */
    private static String digest(InputStream in, Instant start, Instant end, String root) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Reader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = r.read()) >= 0) {
            line.append((char) c);
            if (c == '\n' || line.length() >= 1 << 20 && c == '>') {
                md.update(mask(line.toString(), start, end, root).getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
            }
        }
        md.update(mask(line.toString(), start, end, root).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** {@code text} with the output folder and every instant inside the run's time window masked. */
    static String mask(String text, Instant start, Instant end, String root) {
        String t = text.replace(root, "<OUT>");
        Matcher m = INSTANT.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            boolean now;
            try {
                Instant at = OffsetDateTime.parse(m.group()).toInstant();
                now = !at.isBefore(start.minus(Duration.ofMinutes(1))) && !at.isAfter(end.plus(Duration.ofMinutes(1)));
            } catch (DateTimeParseException e) {
                now = false;
            }
            m.appendReplacement(sb, now ? "<NOW>" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(sb);
        // the day of the run as an XML element's value (auth.108's report execution date) is the run's own too
        String masked = sb.toString();
        for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(end,
                ZoneOffset.UTC)); d = d.plusDays(1)) {
            masked = masked.replace(">" + d + "<", "><TODAY><");
        }
        return masked;
    }
}
