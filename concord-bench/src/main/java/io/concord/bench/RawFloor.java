package io.concord.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.concord.feed.Attr;
import io.concord.feed.SourcePosition;
import io.concord.feed.XmlInput;
import io.concord.feed.fixml.PosRptXml;
import io.concord.mapping.Normalizer;
import io.concord.model.Lineage;
import io.concord.model.ReportAction;
import io.concord.model.SegregationClass;
import io.concord.report.Json;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw floor the benchmark compares Concord with: the same records read, normalized and written as NDJSON by
 * hand-wired library calls on one thread, with no Camel, no batches, no identifier checks, no lineage locations,
 * no acks, no book and no margin. CSV: Jackson CSV rows → a {@link SourcePosition} by column name → the
 * mapping-set {@link Normalizer} → Jackson NDJSON. FIXML: StAX to each {@code PosRpt}, JAXB binds it, then the
 * same. The normalizer is the one step both sides must do (matching records to product definitions is the
 * product), so the ratio measures what the rest of Concord costs.
 *
 * <p>The lower floor ({@link #parseOnly()}) leaves the normalizer out: it writes each {@link SourcePosition} as
 * it was read. The floor with the normalizer normalizes the records read a chunk at a time and sums the
 * normalizer's own time over each chunk, wall ({@link #normalizeNanos()}) and the CPU time of its thread
 * ({@link #normalizeCpuNanos()}), which give its rate per thread; every result is written.
 */
public final class RawFloor {

    /** Records the floor normalizes in one timed stretch (so that reading the clocks costs nothing per record). */
    private static final int CHUNK = 1_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Normalizer normalizer;
    private final List<SourcePosition> pending = new ArrayList<>(CHUNK);
    private long normalizeNanos;
    private long normalizeCpuNanos;

    public RawFloor(Normalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** The lower floor: the same parsing and writing, no normalizer. */
    public static RawFloor parseOnly() {
        return new RawFloor(null);
    }

    /** Wall time spent inside the normalizer so far (0 for the lower floor). */
    public long normalizeNanos() {
        return normalizeNanos;
    }

    /** CPU time this floor's thread spent inside the normalizer so far (0 for the lower floor). */
    public long normalizeCpuNanos() {
        return normalizeCpuNanos;
    }

    /** CSV floor; returns the records written. */
    public long csv(Path in, Path out) throws IOException {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        ObjectWriter json = Json.MAPPER.writer();
        long n = 0;
        try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             MappingIterator<String[]> rows = csv.readerFor(String[].class).readValues(r);
             Writer w = ndjson(out); SequenceWriter seq = json.withRootValueSeparator("\n").writeValues(w)) {
            Map<String, Integer> col = new HashMap<>();
            String[] header = rows.next();
            for (int i = 0; i < header.length; i++) {
                col.put(header[i], i);
            }
            String file = in.getFileName().toString();
            while (rows.hasNext()) {
                String[] row = rows.next();
                n++;
                Map<String, String> attrs = new HashMap<>();
                attrs.put(Attr.FEED, "sec-bd-positions");
                put(attrs, Attr.SECURITY_TYPE, row[col.get("security_type")]);
                put(attrs, Attr.CUSIP, row[col.get("cusip")]);
                put(attrs, Attr.ISIN, row[col.get("isin")]);
                put(attrs, Attr.SYMBOL, row[col.get("symbol")]);
                put(attrs, Attr.CURRENCY, row[col.get("currency")]);
                put(attrs, Attr.UNDERLYING, row[col.get("underlying")]);
                String pc = row[col.get("put_call")];
                put(attrs, Attr.PUT_CALL, pc.isEmpty() ? null : pc.equals("P") ? "PUT" : "CALL");
                put(attrs, Attr.STRIKE, row[col.get("strike")]);
                put(attrs, Attr.EXPIRY, row[col.get("expiry")]);
                put(attrs, Attr.MULTIPLIER, row[col.get("multiplier")]);
                BigDecimal qty = new BigDecimal(row[col.get("quantity")]);
                boolean isLong = "LONG".equals(row[col.get("side")]);
                String mv = row[col.get("market_value")];
                SourcePosition p = new SourcePosition(row[col.get("firm_lei")], row[col.get("account")],
                        SegregationClass.valueOf(row[col.get("segregation_class")]), attrs,
                        isLong ? qty : BigDecimal.ZERO, isLong ? BigDecimal.ZERO : qty, Map.of(),
                        new BigDecimal(row[col.get("price")]), mv.isEmpty() ? null : new BigDecimal(mv),
                        LocalDate.parse(row[col.get("as_of")]), row[col.get("location")], ReportAction.NEW,
                        Lineage.of("sec-bd-positions", file, n, "line " + (n + 1), "floor"));
                write(seq, p);
            }
            flush(seq);
        }
        return n;
    }

    /** FIXML floor; returns the records written. */
    public long fixml(Path in, Path out) throws IOException {
        long n = 0;
        try (InputStream is = Files.newInputStream(in); Writer w = ndjson(out);
             SequenceWriter seq = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(w)) {
            XMLInputFactory f = XMLInputFactory.newFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            // FIXML versions differ in namespace: bind PosRpt whatever its namespace, as Concord does
            XMLStreamReader x = XmlInput.ignoringNamespaces(f.createXMLStreamReader(is));
            Unmarshaller u = JAXBContext.newInstance(PosRptXml.class).createUnmarshaller();
            String file = in.getFileName().toString();
            while (x.hasNext()) {
                if (x.getEventType() != XMLStreamConstants.START_ELEMENT || !"PosRpt".equals(x.getLocalName())) {
                    x.next();
                    continue;
                }
                PosRptXml r = u.unmarshal(x, PosRptXml.class).getValue();
                n++;
                String firm = null;
                String account = null;
                for (PosRptXml.Pty p : r.parties) {
                    if ("4".equals(p.role)) {
                        firm = p.id;
                    } else if ("38".equals(p.role)) {
                        account = p.id;
                    }
                }
                PosRptXml.Instrmt i = r.instrmt;
                Map<String, String> attrs = new HashMap<>();
                attrs.put(Attr.FEED, "cftc-fixml-posrpt");
                put(attrs, Attr.EXCHANGE, i.exch);
                put(attrs, Attr.CONTRACT_CODE, i.sym);
                put(attrs, Attr.SECURITY_TYPE, i.secTyp);
                put(attrs, Attr.CFI, i.cfi);
                put(attrs, Attr.MATURITY, i.mmy);
                put(attrs, Attr.EXPIRY, i.matDt);
                put(attrs, Attr.STRIKE, i.strkPx);
                put(attrs, Attr.PUT_CALL, i.putCall == null ? null : i.putCall.equals("0") ? "PUT" : "CALL");
                put(attrs, Attr.MULTIPLIER, i.mult);
                put(attrs, Attr.CURRENCY, r.ccy);
                BigDecimal longQty = BigDecimal.ZERO;
                BigDecimal shortQty = BigDecimal.ZERO;
                Map<String, BigDecimal[]> qty = new HashMap<>();
                for (PosRptXml.Qty q : r.quantities) {
                    BigDecimal l = new BigDecimal(q.longQty);
                    BigDecimal s = new BigDecimal(q.shortQty);
                    qty.put(q.typ, new BigDecimal[] {l, s});
                    if ("FIN".equals(q.typ)) {
                        longQty = l;
                        shortQty = s;
                    }
                }
                SourcePosition p = new SourcePosition(firm, account, "1".equals(r.acctTyp)
                        ? SegregationClass.CFTC_4D_FUT : SegregationClass.CFTC_HOUSE, attrs, longQty, shortQty, qty,
                        new BigDecimal(r.setPx), null, LocalDate.parse(r.bizDt), null,
                        "1".equals(r.actn) ? ReportAction.NEW : ReportAction.CHANGE,
                        Lineage.of("cftc-fixml-posrpt", file, n, "PosRpt[" + n + "]", "floor"));
                write(seq, p);
            }
            flush(seq);
            x.close();
        } catch (XMLStreamException | JAXBException e) {
            throw new IOException("floor cannot read " + in + ": " + e.getMessage(), e);
        }
        return n;
    }

    private void write(SequenceWriter seq, SourcePosition p) throws IOException {
        if (normalizer == null) {
            seq.write(p);
            return;
        }
        pending.add(p);
        if (pending.size() == CHUNK) {
            flush(seq);
        }
    }

    /** Normalizes the records read since the last chunk, timed, then writes each one's position or failure. */
    private void flush(SequenceWriter seq) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        Object[] results = new Object[pending.size()];
        long cpu = THREADS.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        for (int i = 0; i < results.length; i++) {
            Normalizer.Result r = normalizer.normalize(pending.get(i));
            results[i] = r.position() != null ? r.position() : r.failure();
        }
        normalizeNanos += System.nanoTime() - t;
        normalizeCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
        pending.clear();
        for (Object r : results) {
            seq.write(r);
        }
    }

    private static Writer ndjson(Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        return new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }
}
