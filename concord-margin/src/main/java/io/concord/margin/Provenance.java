package io.concord.margin;

import java.time.LocalDate;

/**
 * Where a rulebook parameter file comes from: the rule text it implements and the date from which it applies (its
 * top-level {@code source} and {@code effectiveDate}). Each value of the file still cites its own section.
 *
 * @param file           the file as cited under the mappings folder ({@code risk/reg-t.yaml})
 * @param source         the rule text, e.g. {@code 12 CFR 220 (Regulation T); FINRA Rule 4210}
 * @param effectiveDate  the date from which the parameters apply
 */
public record Provenance(String file, String source, LocalDate effectiveDate) {

    /** The file's provenance (required by the rulebook files' schemas), or null when it names none. */
    public static Provenance of(ParamNode root, String file) {
        if (!root.has("source") && !root.has("effectiveDate")) {
            return null;
        }
        LocalDate effective;
        try {
            effective = LocalDate.parse(root.text("effectiveDate"));
        } catch (java.time.format.DateTimeParseException e) {
            throw root.child("effectiveDate").error("must be a date YYYY-MM-DD");
        }
        return new Provenance(file, root.text("source"), effective);
    }
}
