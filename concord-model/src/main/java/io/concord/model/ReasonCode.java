package io.concord.model;

/**
 * The stable catalogue of reasons a record or file is rejected. Codes never change meaning; new ones are
 * added. README lists them with their meaning.
 */
public enum ReasonCode {
    // SCHEMA: the file or record does not have the shape its format requires
    UNKNOWN_FEED(Category.SCHEMA, "The feed could not be detected from the content and none was given"),
    MALFORMED_FILE(Category.SCHEMA, "The file cannot be read as its format (truncated, not well-formed, bad encoding)"),
    DTD_REFUSED(Category.SCHEMA, "The XML carries a DTD or entity declaration; Concord never processes DTDs"),
    SCHEMA_INVALID(Category.SCHEMA, "The record does not conform to its published XML schema (XSD); the message names the element"),
    ARCHIVE_REFUSED(Category.SCHEMA, "The workbook's compressed parts expand beyond the zip-bomb limits; it is not read"),
    MISSING_COLUMN(Category.SCHEMA, "A required column is absent from the header row"),
    MISSING_FIELD(Category.SCHEMA, "A required field is empty or absent"),
    INVALID_NUMBER(Category.SCHEMA, "A field that must be a number is not one, or is out of range"),
    INVALID_DATE(Category.SCHEMA, "A field that must be a date is not one"),
    INVALID_VALUE(Category.SCHEMA, "A field holds a value outside its allowed set"),
    // IDENTIFIER: an identifier fails its check digits or format
    INVALID_LEI(Category.IDENTIFIER, "An LEI fails ISO 17442 format or mod 97-10 check digits"),
    INVALID_ISIN(Category.IDENTIFIER, "An ISIN fails ISO 6166 format or its check digit"),
    INVALID_CUSIP(Category.IDENTIFIER, "A CUSIP fails its format or check digit"),
    INVALID_CFI(Category.IDENTIFIER, "A CFI code is not six letters of a valid ISO 10962 category and group"),
    INVALID_UTI(Category.IDENTIFIER, "A UTI is not an LEI followed by 1 to 32 alphanumerics"),
    INVALID_UPI(Category.IDENTIFIER, "A UPI is not 12 alphanumerics"),
    INVALID_DTI(Category.IDENTIFIER, "A DTI (ISO 24165 digital token identifier) is not 9 alphanumerics"),
    // MAPPING: the record is well-formed but the mappings cannot place it
    UNMAPPED_PRODUCT(Category.MAPPING, "No product definition matches the record's attributes"),
    AMBIGUOUS_PRODUCT(Category.MAPPING, "More than one product definition matches; none is chosen"),
    MISSING_ATTRIBUTE(Category.MAPPING, "The matching definition needs an attribute the record does not carry"),
    MULTIPLIER_MISMATCH(Category.MAPPING, "The record's contract multiplier differs from the definition's"),
    UNKNOWN_FIRM(Category.MAPPING, "The reporting firm's code is not in mappings/firms.yaml"),
    // BUSINESS_RULE: the values are valid but contradict a rule
    UNKNOWN_SEGREGATION_CLASS(Category.BUSINESS_RULE, "The account's segregation class is not one Concord knows"),
    NEGATIVE_QUANTITY(Category.BUSINESS_RULE, "A quantity is negative where long and short are reported apart"),
    INCONSISTENT_VALUES(Category.BUSINESS_RULE, "Values in the record contradict each other"),
    FIRM_NOT_AUTHORIZED(Category.BUSINESS_RULE, "The record belongs to a firm (LEI) the submitting principal may not report for"),
    NOT_A_POSITION(Category.BUSINESS_RULE,
            "The record is well-formed but is not a position or collateral line (e.g. a settled event contract that "
                    + "has paid out)"),
    INTERNAL_ERROR(Category.BUSINESS_RULE, "Concord failed while processing; the submission must be re-sent");

    /** Families of reason codes, as acknowledgements group them. */
    public enum Category { SCHEMA, IDENTIFIER, MAPPING, BUSINESS_RULE }

    private final Category category;
    private final String meaning;

    ReasonCode(Category category, String meaning) {
        this.category = category;
        this.meaning = meaning;
    }

    public Category category() {
        return category;
    }

    public String meaning() {
        return meaning;
    }
}
