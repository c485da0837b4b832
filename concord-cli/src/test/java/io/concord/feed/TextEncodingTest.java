package io.concord.feed;

import io.concord.feed.crif.CrifParser;
import io.concord.feed.event.EventPositionsParser;
import io.concord.feed.fixml.PosRptParser;
import io.concord.feed.ltr80.Ltr80Parser;
import io.concord.feed.nport.NportParser;
import io.concord.feed.secbd.BdPositionsParser;
import io.concord.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real files do not all arrive as plain UTF-8: EDGAR extractions and vendor tools write a UTF-8 byte-order mark,
 * Windows tools (PowerShell, .NET, Excel's "Unicode text") write UTF-16LE with a mark, often under an XML
 * declaration that still says UTF-8. Each is read to exactly the records its UTF-8 original gives; bytes that are
 * not text in any encoding Concord reads end the file naming the encoding and the line.
 */
class TextEncodingTest {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    @TempDir
    Path dir;

    static byte[] encode(String text, Charset cs, byte[] bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes(text.getBytes(cs));
        return out.toByteArray();
    }

    static List<FeedItem> parse(FeedParser parser, String name, byte[] bytes) {
        return ParserTestSupport.parse(parser, name, bytes);
    }

    @Test
    void detectsByteOrderMarksAndUtf16WithoutOne() {
        assertThat(TextEncoding.detect(UTF8_BOM, 3).description()).isEqualTo("UTF-8 with a byte-order mark");
        assertThat(TextEncoding.detect(new byte[]{(byte) 0xFF, (byte) 0xFE, '<', 0}, 4).charset())
                .isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(TextEncoding.detect(new byte[]{(byte) 0xFE, (byte) 0xFF, 0, '<'}, 4).charset())
                .isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(TextEncoding.detect(new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 0}, 4).charset().name())
                .isEqualTo("UTF-32LE");
        assertThat(TextEncoding.detect(new byte[]{'<', 0, '?', 0}, 4).description())
                .isEqualTo("UTF-16LE without a byte-order mark");
        assertThat(TextEncoding.detect(new byte[]{0, '<', 0, '?'}, 4).charset()).isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(TextEncoding.detect("<?xm".getBytes(StandardCharsets.US_ASCII), 4).wide()).isFalse();
        assertThat(TextEncoding.detect(new byte[0], 0).charset()).isEqualTo(StandardCharsets.UTF_8);
        // the head a format sniffs is text without the mark, whatever the encoding
        byte[] h = encode("ProductClass,RiskType", StandardCharsets.UTF_16LE, UTF16LE_BOM);
        assertThat(TextEncoding.head(h, h.length)).isEqualTo("ProductClass,RiskType");
    }

    @Test
    void aRealNportFilingInUtf16OrWithAByteOrderMarkGivesTheSameHoldings() throws IOException {
        // the public copy keeps the blank line left by extracting it from the EDGAR submission, and declares UTF-8
        Path real = Path.of("fixtures/real/nport-dupree-kentucky-tax-free-2022-12-31.xml");
        String text = Files.readString(real);
        assertThat(text).startsWith("\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        List<FeedItem> original = parse(new NportParser(), "f.xml", Files.readAllBytes(real));
        assertThat(ParserTestSupport.positions(original)).hasSize(55);
        for (byte[] bytes : List.of(encode(text, StandardCharsets.UTF_8, UTF8_BOM),
                encode(text, StandardCharsets.UTF_16LE, UTF16LE_BOM),
                encode(text, StandardCharsets.UTF_16BE, UTF16BE_BOM),
                encode(text.strip().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""), StandardCharsets.UTF_16LE,
                        new byte[0]))) {
            List<FeedItem> items = parse(new NportParser(), "f.xml", bytes);
            assertThat(ParserTestSupport.failures(items)).isEmpty();
            assertThat(ParserTestSupport.positions(items)).hasSize(55);
            if (bytes.length > 2 && bytes[0] != '<') {
                // same holdings, same lines (the skipped blank line still counts)
                assertThat(items).usingRecursiveComparison().isEqualTo(original);
            }
        }
    }

    @Test
    void detectionSeesAFormatThroughItsEncoding() throws IOException {
        FeedFormats formats = FeedFormats.standard();
        String nport = Files.readString(Path.of("fixtures/real/nport-dupree-kentucky-tax-free-2022-12-31.xml"));
        Path n = Files.write(dir.resolve("nport-utf16.xml"), encode(nport, StandardCharsets.UTF_16LE, UTF16LE_BOM));
        assertThat(formats.detect(n).parser()).isInstanceOf(NportParser.class);
        String crif = Files.readString(Path.of("fixtures/crif/crif-meridian-2026-11-20.tsv"));
        Path c = Files.write(dir.resolve("crif-utf16.tsv"), encode(crif, StandardCharsets.UTF_16LE, UTF16LE_BOM));
        assertThat(formats.detect(c).parser()).isInstanceOf(CrifParser.class);
        String fixml = Files.readString(Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml"));
        Path f = Files.write(dir.resolve("posrpt-bom.xml"), encode(fixml, StandardCharsets.UTF_8, UTF8_BOM));
        assertThat(formats.detect(f).parser()).isInstanceOf(PosRptParser.class);
    }

    @Test
    void csvFixedWidthAndJsonFeedsReadTheSameRecordsInEveryEncoding() throws IOException {
        record Case(FeedParser parser, String file) {
        }
        for (Case k : List.of(new Case(new CrifParser(), "fixtures/crif/crif-meridian-2026-11-20.tsv"),
                new Case(new CrifParser(), "fixtures/crif/crif-hudson-2026-11-20.csv"),
                new Case(new Ltr80Parser(), "fixtures/cftc/ltr80-2026-11-20.txt"),
                new Case(new EventPositionsParser(), "fixtures/cftc/event-positions-2026-11-20.json"),
                new Case(new PosRptParser(), "fixtures/cftc/posrpt-hudson-2026-11-20.xml"))) {
            String text = Files.readString(Path.of(k.file()));
            List<FeedItem> original = parse(k.parser(), "f", text.getBytes(StandardCharsets.UTF_8));
            assertThat(original).as(k.file()).isNotEmpty();
            for (byte[] bytes : List.of(encode(text, StandardCharsets.UTF_8, UTF8_BOM),
                    encode(text, StandardCharsets.UTF_16LE, UTF16LE_BOM),
                    encode(text, StandardCharsets.UTF_16BE, UTF16BE_BOM))) {
                List<FeedItem> items = parse(k.parser(), "f", bytes);
                assertThat(items).as(k.file()).usingRecursiveComparison().isEqualTo(original);
            }
        }
    }

    @Test
    void aByteOrderMarkDoesNotHideTheFirstColumn() throws IOException {
        // the first column, As Of, is required: read as "\uFEFFAs Of" it would be missing and the file refused
        String csv = Files.readString(Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"));
        assertThat(csv).startsWith("As Of,");
        List<FeedItem> plain = parse(new BdPositionsParser(), "bd.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(ParserTestSupport.failures(plain)).isEmpty();
        List<FeedItem> marked = parse(new BdPositionsParser(), "bd.csv", encode(csv, StandardCharsets.UTF_8,
                UTF8_BOM));
        assertThat(marked).usingRecursiveComparison().isEqualTo(plain);
    }

    @Test
    void bytesThatAreNotUtf8EndTheFileNamingTheEncodingAndLine() throws IOException {
        // a CRIF saved by a Windows tool in its ANSI code page: "Zürich" in windows-1252 is not UTF-8
        String crif = Files.readString(Path.of("fixtures/crif/crif-hudson-2026-11-20.csv"));
        String[] lines = crif.split("\n", -1);
        lines[3] = lines[3].replaceFirst(",", ",Z\u00fcrich");
        byte[] latin = String.join("\n", lines).getBytes(Charset.forName("windows-1252"));
        List<FeedItem> items = parse(new CrifParser(), "crif.csv", latin);
        List<RecordFailure> failures = ParserTestSupport.failures(items);
        assertThat(failures).isNotEmpty();
        RecordFailure last = failures.get(failures.size() - 1);
        assertThat(last.record()).isZero();
        assertThat(last.code()).isEqualTo(ReasonCode.MALFORMED_FILE);
        assertThat(last.message()).contains("not UTF-8 at line 4", "UTF-16/UTF-32 with a byte-order mark")
                .doesNotContain("\uFFFD");
        // no record carries a replacement character: nothing was guessed
        assertThat(items).noneMatch(i -> i.toString().contains("\uFFFD"));
    }
}
