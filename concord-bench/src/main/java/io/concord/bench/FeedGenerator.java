package io.concord.bench;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic feeds for the benchmark, in the product shapes the shipped mappings map: broker-dealer
 * positions ({@code sec-bd-positions} CSV: US stocks and ETFs by CUSIP/ISIN, OCC single-stock and Cboe SPX
 * options), FIXML {@code PosRpt} batches ({@code cftc-fixml-posrpt}: CME ES/NQ, CBOT ZN/ZB, COMEX GC, NYMEX CL
 * futures and ES options on futures) and CRIF sensitivities (IR curve, FX, equity, credit, commodity). Every
 * position has its own book key (account × instrument × location), so {@code positions} records book
 * {@code positions} positions. The values are deterministic for a seed.
 */
public final class FeedGenerator {

    /** Business date of every generated record: the date the shipped market data is for. */
    public static final String AS_OF = "2026-11-20";

    /** The broker-dealer of the CSV feed (one firm: its workbook's Positions sheet holds every position). */
    static final String SEC_FIRM = "549300LARKSPURSEC059";
    static final List<String> SWAP_FIRMS = List.of("549300LARKSPURSEC059", "549300HUDSONCLR0RG39");
    static final List<String> CFTC_FIRMS = List.of("549300HUDSONCLR0RG39", "5493007MERIDIANFUT65");

    /** Stocks and ETFs the shipped definitions map: symbol, security type, CUSIP, ISIN, price. */
    private record Stock(String symbol, String type, String cusip, String isin, double price) {
    }

    private static final List<Stock> STOCKS = List.of(
            new Stock("AAPL", "CS", "037833100", "US0378331005", 268.40),
            new Stock("MSFT", "CS", "594918104", "US5949181045", 512.10),
            new Stock("NVDA", "CS", "67066G104", "US67066G1040", 188.25),
            new Stock("SPY", "ETF", "78462F103", "US78462F1030", 683.10),
            new Stock("QQQ", "ETF", "46090E103", "US46090E1038", 610.30));

    /** Option underlyings with market data: symbol, spot, strike step. */
    private record Underlying(String symbol, double spot, double step) {
    }

    private static final List<Underlying> OPTION_UNDERLYINGS = List.of(
            new Underlying("AAPL", 268.40, 5), new Underlying("MSFT", 512.10, 10), new Underlying("SPX", 6848.50, 25));
    private static final List<String> OPTION_EXPIRIES = List.of("2026-12-18", "2027-01-15", "2027-03-19",
            "2027-06-17");

    /** Futures: symbol, exchange, ID, Src, multiplier, CFI, settlement price, maturities (MMY, MatDt). */
    private record Future(String sym, String exch, String id, int mult, String cfi, double price,
                          List<String[]> months) {
    }

    private static final List<String[]> QUARTERLY = List.of(new String[] {"202612", "2026-12-18"},
            new String[] {"202703", "2027-03-19"}, new String[] {"202706", "2027-06-18"},
            new String[] {"202709", "2027-09-17"});
    private static final List<Future> FUTURES = List.of(
            new Future("ES", "CME", "ES", 50, "FFICSX", 6852.25, QUARTERLY),
            new Future("NQ", "CME", "NQ", 20, "FFICSX", 25114.75, QUARTERLY),
            new Future("ZN", "CBT", "21", 1000, "FFDPSX", 112.515625, List.of(new String[] {"202703", "2027-03-22"},
                    new String[] {"202706", "2027-06-21"})),
            new Future("ZB", "CBT", "17", 1000, "FFDPSX", 117.90625, List.of(new String[] {"202703", "2027-03-22"},
                    new String[] {"202706", "2027-06-21"})),
            new Future("GC", "COMEX", "GC", 100, "FCMPSX", 4085.20, List.of(new String[] {"202612", "2026-12-29"},
                    new String[] {"202702", "2027-02-24"})),
            new Future("CL", "NYMEX", "CL", 1000, "FCEPSX", 59.85, List.of(new String[] {"202701", "2026-12-17"},
                    new String[] {"202702", "2027-01-20"})));

    private final long seed;

    public FeedGenerator(long seed) {
        this.seed = seed;
    }

    /** The account id of account number {@code a} (0-based) of a feed, e.g. {@code BD-000042}. */
    static String account(String prefix, int a) {
        return String.format("%s-%06d", prefix, a);
    }

    /** How many of {@code records} records account {@code a} of {@code accounts} gets (the first get one more). */
    static int share(long records, int accounts, int a) {
        return (int) (records / accounts + (a < records % accounts ? 1 : 0));
    }

    // ---------------------------------------------------------------- sec-bd-positions CSV

    private static final CsvSchema BD_SCHEMA = CsvSchema.builder()
            .addColumn("as_of").addColumn("firm_lei").addColumn("account").addColumn("segregation_class")
            .addColumn("symbol").addColumn("cusip").addColumn("isin").addColumn("security_type").addColumn("side")
            .addColumn("quantity").addColumn("price").addColumn("market_value").addColumn("currency")
            .addColumn("location").addColumn("underlying").addColumn("put_call").addColumn("strike")
            .addColumn("expiry").addColumn("multiplier").build().withHeader();

    /** Writes {@code positions} broker-dealer positions over {@code accounts} accounts; returns the file size. */
    public long secPositions(Path file, long positions, int accounts) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        CsvMapper csv = new CsvMapper();
        try (Writer w = writer(file); SequenceWriter out = csv.writer(BD_SCHEMA).writeValues(w)) {
            Object[] row = new Object[19];
            for (int a = 0; a < accounts; a++) {
                String firm = SEC_FIRM;
                String account = account(a % 10 == 9 ? "PAB" : "BD", a);
                String seg = a % 10 == 9 ? "SEC_15C3_3_PAB" : "SEC_15C3_3_CUST";
                int n = share(positions, accounts, a);
                for (int j = 0; j < n; j++) {
                    java.util.Arrays.fill(row, "");
                    row[0] = AS_OF;
                    row[1] = firm;
                    row[2] = account;
                    row[3] = seg;
                    row[12] = "USD";
                    boolean isLong = rnd.nextInt(4) != 0;
                    row[8] = isLong ? "LONG" : "SHORT";
                    if (j < STOCKS.size() * 2) {
                        // a stock or ETF, at one of two custody locations (each a position of its own)
                        Stock s = STOCKS.get(j % STOCKS.size());
                        int qty = 100 * (1 + rnd.nextInt(50));
                        row[4] = s.symbol();
                        row[5] = s.cusip();
                        row[6] = j % 3 == 0 ? s.isin() : "";
                        row[7] = s.type();
                        row[9] = qty;
                        row[10] = money(s.price());
                        row[11] = money((isLong ? 1 : -1) * qty * s.price());
                        row[13] = j < STOCKS.size() ? "DTC" : "FED";
                    } else {
                        int k = j - STOCKS.size() * 2;
                        Underlying u = OPTION_UNDERLYINGS.get(k % OPTION_UNDERLYINGS.size());
                        boolean put = (k / 3) % 2 == 0;
                        String expiry = OPTION_EXPIRIES.get((k / 6) % OPTION_EXPIRIES.size());
                        int steps = k / 24;
                        double strike = Math.round(u.spot() / u.step()) * u.step()
                                + (steps % 2 == 0 ? 1 : -1) * ((steps + 1) / 2) * u.step();
                        double intrinsic = Math.max(0, put ? strike - u.spot() : u.spot() - strike);
                        double premium = intrinsic + u.spot() * (0.01 + 0.03 * rnd.nextDouble());
                        int qty = 1 + rnd.nextInt(20);
                        row[4] = u.symbol();
                        row[7] = "OPT";
                        row[9] = qty;
                        row[10] = money(premium);
                        row[11] = money((isLong ? 1 : -1) * qty * premium * 100);
                        row[13] = "OCC";
                        row[14] = u.symbol();
                        row[15] = put ? "P" : "C";
                        row[16] = new BigDecimal(strike).stripTrailingZeros().toPlainString();
                        row[17] = expiry;
                        row[18] = 100;
                    }
                    out.write(row);
                }
            }
        }
        return Files.size(file);
    }

    /** The firm of the serve bench's small submission: another firm than the CSV feed's. */
    static final String SMALL_FIRM = "549300HUDSONCLR0RG39";

    /**
     * Writes a small broker-dealer file of {@link #SMALL_FIRM}: one account holding each of the stocks and ETFs
     * once; returns how many positions it holds.
     */
    public long smallSecPositions(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        try (Writer w = writer(file); SequenceWriter out = csv.writer(BD_SCHEMA).writeValues(w)) {
            Object[] row = new Object[19];
            for (Stock s : STOCKS) {
                java.util.Arrays.fill(row, "");
                int qty = 100;
                row[0] = AS_OF;
                row[1] = SMALL_FIRM;
                row[2] = account("BD", 900_000);
                row[3] = "SEC_15C3_3_CUST";
                row[4] = s.symbol();
                row[5] = s.cusip();
                row[7] = s.type();
                row[8] = "LONG";
                row[9] = qty;
                row[10] = money(s.price());
                row[11] = money(qty * s.price());
                row[12] = "USD";
                row[13] = "DTC";
                out.write(row);
            }
        }
        return STOCKS.size();
    }

    // ---------------------------------------------------------------- cftc-fixml-posrpt FIXML

    private static final String FIXML_NS = "http://www.fixprotocol.org/FIXML-5-0-SP2";

    /** Writes {@code positions} PosRpt in one Batch over {@code accounts} accounts; returns the file size. */
    public long fixmlPositions(Path file, long positions, int accounts) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("FIXML");
            x.writeDefaultNamespace(FIXML_NS);
            x.writeAttribute("v", "5.0 SP2");
            x.writeCharacters("\n  ");
            x.writeStartElement("Batch");
            x.writeAttribute("ID", "BENCH-" + AS_OF);
            long rpt = 0;
            for (int a = 0; a < accounts; a++) {
                String firm = CFTC_FIRMS.get(a % CFTC_FIRMS.size());
                boolean house = a % 10 == 9;
                String account = account(house ? "HOUSE" : "CUST", a);
                int n = share(positions, accounts, a);
                int futures = FUTURES.stream().mapToInt(f -> f.months().size()).sum();
                for (int j = 0; j < n; j++) {
                    rpt++;
                    x.writeCharacters("\n    ");
                    x.writeStartElement("PosRpt");
                    x.writeAttribute("RptID", "BENCH-" + rpt);
                    x.writeAttribute("BizDt", AS_OF);
                    x.writeAttribute("ReqTyp", "0");
                    x.writeAttribute("Ccy", "USD");
                    x.writeAttribute("AcctTyp", house ? "3" : "1");
                    x.writeAttribute("Actn", "1");
                    String[] instrument;
                    double price;
                    int mult;
                    String exch;
                    if (j < futures) {
                        int k = j;
                        Future f = null;
                        for (Future candidate : FUTURES) {
                            if (k < candidate.months().size()) {
                                f = candidate;
                                break;
                            }
                            k -= candidate.months().size();
                        }
                        String[] month = f.months().get(k);
                        price = f.price() * (1 + 0.002 * k);
                        mult = f.mult();
                        exch = f.exch();
                        instrument = new String[] {f.sym(), f.id(), "FUT", month[0], month[1], null, null, f.cfi()};
                    } else {
                        int k = j - futures;
                        boolean put = k % 2 == 0;
                        String[] month = QUARTERLY.get((k / 2) % QUARTERLY.size());
                        int steps = k / 8;
                        double spot = 6852.25;
                        double strike = Math.round(spot / 25) * 25 + (steps % 2 == 0 ? 1 : -1) * ((steps + 1) / 2) * 25;
                        price = Math.max(0, put ? strike - spot : spot - strike) + spot * (0.01 + 0.02 * rnd.nextDouble());
                        mult = 50;
                        exch = "CME";
                        instrument = new String[] {"ES", "ES", "OOF", month[0], month[1],
                                new BigDecimal(strike).stripTrailingZeros().toPlainString(), put ? "0" : "1",
                                put ? "OPAFPS" : "OCAFPS"};
                    }
                    x.writeAttribute("SetPx", money(price));
                    x.writeAttribute("SetPxTyp", "1");
                    party(x, firm, "N", "4");
                    party(x, "CME", null, "21");
                    party(x, account, null, "38");
                    x.writeEmptyElement("Instrmt");
                    x.writeAttribute("Sym", instrument[0]);
                    x.writeAttribute("ID", instrument[1]);
                    x.writeAttribute("Src", "H");
                    x.writeAttribute("SecTyp", instrument[2]);
                    x.writeAttribute("MMY", instrument[3]);
                    x.writeAttribute("MatDt", instrument[4]);
                    x.writeAttribute("Exch", exch);
                    if (instrument[5] != null) {
                        x.writeAttribute("StrkPx", instrument[5]);
                        x.writeAttribute("PutCall", instrument[6]);
                    }
                    x.writeAttribute("Mult", Integer.toString(mult));
                    x.writeAttribute("CFI", instrument[7]);
                    int qty = 1 + rnd.nextInt(200);
                    boolean isLong = rnd.nextBoolean();
                    x.writeEmptyElement("Qty");
                    x.writeAttribute("Typ", "FIN");
                    x.writeAttribute("Long", isLong ? Integer.toString(qty) : "0");
                    x.writeAttribute("Short", isLong ? "0" : Integer.toString(qty));
                    x.writeEndElement();
                }
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file, e);
        }
        return Files.size(file);
    }

    private static void party(XMLStreamWriter x, String id, String src, String role) throws XMLStreamException {
        x.writeEmptyElement("Pty");
        x.writeAttribute("ID", id);
        if (src != null) {
            x.writeAttribute("Src", src);
        }
        x.writeAttribute("R", role);
    }

    // ---------------------------------------------------------------- CRIF

    private static final CsvSchema CRIF_SCHEMA = CsvSchema.builder()
            .addColumn("FirmLEI").addColumn("PortfolioID").addColumn("TradeID").addColumn("IMModel")
            .addColumn("ProductClass").addColumn("RiskType").addColumn("Qualifier").addColumn("Bucket")
            .addColumn("Label1").addColumn("Label2").addColumn("Amount").addColumn("AmountCurrency")
            .addColumn("AmountUSD").build().withHeader();

    private static final List<String> IR_TENORS = List.of("2w", "1m", "3m", "6m", "1y", "2y", "3y", "5y", "10y",
            "15y", "20y", "30y");
    /** IR curve currency, its SIMM bucket, sub-curves. */
    private static final List<String[]> IR_CURVES = List.of(new String[] {"USD", "1", "OIS", "Libor3m"},
            new String[] {"EUR", "1", "OIS", "Libor6m"}, new String[] {"JPY", "2", "OIS", "Libor3m"});
    /** Equity qualifier and bucket; credit qualifier and bucket. */
    private static final List<String[]> EQUITIES = List.of(new String[] {"SPX", "11"},
            new String[] {"US0378331005", "5"}, new String[] {"US5949181045", "5"}, new String[] {"US67066G1040", "6"});
    private static final List<String[]> CREDITS = List.of(new String[] {"US037833AK68", "3"},
            new String[] {"US459200HU86", "12"});
    private static final List<String> CREDIT_TENORS = List.of("1y", "2y", "3y", "5y", "10y");

    /** Writes {@code rows} CRIF rows over {@code portfolios} portfolios; returns the file size. */
    public long crif(Path file, long rows, int portfolios) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        CsvMapper csv = new CsvMapper();
        try (Writer w = writer(file); SequenceWriter out = csv.writer(CRIF_SCHEMA).writeValues(w)) {
            Object[] row = new Object[13];
            for (int p = 0; p < portfolios; p++) {
                String firm = SWAP_FIRMS.get(p % SWAP_FIRMS.size());
                String portfolio = account("SWAP", p);
                int n = share(rows, portfolios, p);
                for (int j = 0; j < n; j++) {
                    row[0] = firm;
                    row[1] = portfolio;
                    row[2] = "TRD-" + p + "-" + (j / 8);
                    row[3] = "SIMM";
                    row[8] = "";
                    row[9] = "";
                    row[11] = "USD";
                    double amount = (rnd.nextDouble() - 0.45) * 100_000;
                    int kind = j % 10;
                    if (kind < 6) {
                        String[] c = IR_CURVES.get(j % IR_CURVES.size());
                        row[4] = "RatesFX";
                        row[5] = "Risk_IRCurve";
                        row[6] = c[0];
                        row[7] = c[1];
                        row[8] = IR_TENORS.get(rnd.nextInt(IR_TENORS.size()));
                        row[9] = c[2 + rnd.nextInt(2)];
                    } else if (kind == 6) {
                        row[4] = "RatesFX";
                        row[5] = "Risk_FX";
                        row[6] = List.of("EUR", "JPY", "GBP").get(rnd.nextInt(3));
                        row[7] = "";
                    } else if (kind < 9) {
                        String[] e = EQUITIES.get(rnd.nextInt(EQUITIES.size()));
                        row[4] = "Equity";
                        row[5] = "Risk_Equity";
                        row[6] = e[0];
                        row[7] = e[1];
                    } else {
                        String[] c = CREDITS.get(rnd.nextInt(CREDITS.size()));
                        row[4] = "Credit";
                        row[5] = "Risk_CreditQ";
                        row[6] = c[0];
                        row[7] = c[1];
                        row[8] = CREDIT_TENORS.get(rnd.nextInt(CREDIT_TENORS.size()));
                    }
                    row[10] = money(amount);
                    row[12] = money(amount);
                    out.write(row);
                }
            }
        }
        return Files.size(file);
    }

    private static Writer writer(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
