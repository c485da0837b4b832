package io.concord.feed;

import io.concord.model.Identifiers;
import io.concord.model.ReasonCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and checks the fields of one record. The first problem is kept as the record's failure (with the
 * field and location); later reads return null, so a parser reads every field and then asks
 * {@link #failure()} once.
 */
public final class Fields {

    /**
     * A debt security's residual maturity bucket from the report date (the taxonomy's RATES/GOVT buckets): 0_2Y,
     * 2_5Y, 5_10Y or 10Y_PLUS, by whole months.
     */
    public static String maturityBucket(LocalDate asOf, LocalDate maturity) {
        long months = java.time.temporal.ChronoUnit.MONTHS.between(asOf, maturity);
        return months < 24 ? "0_2Y" : months < 60 ? "2_5Y" : months < 120 ? "5_10Y" : "10Y_PLUS";
    }

    private final SourceFile source;
    private final long record;
    private final String location;
    private final Map<String, String> raw;
    private RecordFailure failure;
    /** The firm the record reports for, once its firm field has been read and verifies ({@link #firm}). */
    private String firm;

    public Fields(SourceFile source, long record, String location, Map<String, String> raw) {
        this.source = source;
        this.record = record;
        this.location = location;
        this.raw = raw;
    }

    /** The record's first problem, carrying the firm it reports for when its firm field verified; null if none. */
    public RecordFailure failure() {
        return failure == null || firm == null ? failure : failure.withFirm(firm);
    }

    public boolean ok() {
        return failure == null;
    }

    public void fail(ReasonCode code, String field, String message) {
        if (failure == null) {
            failure = new RecordFailure(source.feedId(), source.name(), record, location, code, field, message, raw);
        }
    }

    /** Trimmed value, or null when blank. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String t = value.trim();
        return t.isEmpty() ? null : t;
    }

    public String required(String field, String value) {
        String v = clean(value);
        if (v == null) {
            fail(ReasonCode.MISSING_FIELD, field, field + " is required");
        }
        return v;
    }

    public BigDecimal decimal(String field, String value, boolean required) {
        String v = required ? required(field, value) : clean(value);
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v.replace(",", ""));
        } catch (NumberFormatException e) {
            fail(ReasonCode.INVALID_NUMBER, field, field + " is not a number: '" + v + "'");
            return null;
        }
    }

    /** A quantity: a number that may not be negative. */
    public BigDecimal quantity(String field, String value, boolean required) {
        BigDecimal q = decimal(field, value, required);
        if (q != null && q.signum() < 0) {
            fail(ReasonCode.NEGATIVE_QUANTITY, field, field + " may not be negative: " + q.toPlainString());
            return null;
        }
        return q;
    }

    /** An ISO-8601 date (YYYY-MM-DD). */
    public LocalDate date(String field, String value, boolean required) {
        return date(field, value, required, DateTimeFormatter.ISO_LOCAL_DATE, "YYYY-MM-DD");
    }

    public LocalDate date(String field, String value, boolean required, DateTimeFormatter format, String pattern) {
        String v = required ? required(field, value) : clean(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v, format);
        } catch (DateTimeParseException e) {
            fail(ReasonCode.INVALID_DATE, field, field + " is not a date " + pattern + ": '" + v + "'");
            return null;
        }
    }

    /**
     * The LEI of the firm the record reports for (the reporting firm, the fund, the collateral owner): checked as
     * {@link #lei}, and when it verifies, a failure of the record carries it ({@link RecordFailure#firm()}), so the
     * rejected record is shown to that firm and to no other. Read it with this method, not {@link #lei}.
     */
    public String firm(String field, String value, boolean required) {
        String lei = lei(field, value, required);
        if (lei != null) {
            firm = lei;
        }
        return lei;
    }

    /**
     * The record reports for {@code lei}, a firm LEI its file named once and that has already been checked (an
     * N-PORT filing's fund); null leaves the record without a firm.
     */
    public void reportsFor(String lei) {
        firm = lei;
    }

    public String lei(String field, String value, boolean required) {
        return identifier(field, value, required, Identifiers::checkLei, ReasonCode.INVALID_LEI);
    }

    public String isin(String field, String value, boolean required) {
        return identifier(field, value, required, Identifiers::checkIsin, ReasonCode.INVALID_ISIN);
    }

    public String cusip(String field, String value, boolean required) {
        return identifier(field, value, required, Identifiers::checkCusip, ReasonCode.INVALID_CUSIP);
    }

    public String cfi(String field, String value, boolean required) {
        return identifier(field, value, required, Identifiers::checkCfi, ReasonCode.INVALID_CFI);
    }

    private String identifier(String field, String value, boolean required,
                              Function<String, Optional<String>> check, ReasonCode code) {
        String v = required ? required(field, value) : clean(value);
        if (v == null) {
            return null;
        }
        String upper = v.toUpperCase(java.util.Locale.ROOT);
        Optional<String> problem = check.apply(upper);
        if (problem.isPresent()) {
            fail(code, field, problem.get());
            return null;
        }
        return upper;
    }

    /** Parses a value with {@code parse}; an empty result fails the record with {@code code}. */
    public <T> T parse(String field, String value, boolean required, Function<String, Optional<T>> parse,
                       ReasonCode code, String expected) {
        String v = required ? required(field, value) : clean(value);
        if (v == null) {
            return null;
        }
        Optional<T> t = parse.apply(v);
        if (t.isEmpty()) {
            fail(code, field, field + " must be " + expected + ", got '" + v + "'");
            return null;
        }
        return t.get();
    }
}
