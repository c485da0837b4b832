package io.concord.model;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of the identifiers feeds carry. Each check returns empty when the value is valid, otherwise a
 * short reason (used verbatim in exception messages). Shared by every feed: no feed checks identifiers itself.
 */
public final class Identifiers {

    private static final Pattern LEI = Pattern.compile("[0-9A-Z]{18}[0-9]{2}");
    private static final Pattern ISIN = Pattern.compile("[A-Z]{2}[0-9A-Z]{9}[0-9]");
    private static final Pattern CUSIP = Pattern.compile("[0-9A-Z*@#]{8}[0-9]");
    private static final Pattern CFI = Pattern.compile("[A-Z]{6}");
    private static final Pattern UPI = Pattern.compile("[0-9A-Z]{12}");
    private static final Pattern DTI = Pattern.compile("[0-9A-Z]{9}");
    private static final Pattern UTI_SUFFIX = Pattern.compile("[0-9A-Z]{1,32}");
    /**
     * ISO 10962:2019 categories (first letter of a CFI) and, for each, its groups (second letter). E equities,
     * C collective investment vehicles, D debt, R entitlements, O listed options, F futures, S swaps, H non-listed
     * and complex listed options, I spot, J forwards, K strategies, L financing, T referential instruments,
     * M others.
     */
    private static final Map<Character, String> CFI_GROUPS = Map.ofEntries(
            Map.entry('E', "SPCFLDYM"),
            Map.entry('C', "IHBESFPM"),
            Map.entry('D', "BCWTSEGANDMY"),
            Map.entry('R', "ASPWFDM"),
            Map.entry('O', "CPM"),
            Map.entry('F', "FC"),
            Map.entry('S', "RTECFM"),
            Map.entry('H', "RTECFM"),
            Map.entry('I', "FT"),
            Map.entry('J', "EFCRT"),
            Map.entry('K', "RTECFYM"),
            Map.entry('L', "LRS"),
            Map.entry('T', "CTRIBDM"),
            Map.entry('M', "CM"));

    private Identifiers() {
    }

    /**
     * ISO 17442 LEI: 20 characters, check digits by ISO 7064 mod 97-10. The check digits are 98 minus the
     * remainder of the body times 100 modulo 97, so they lie between 02 and 98: a body can verify with 00, 01 or 99
     * too (each the same remainder as 97, 98 or 02), but no conforming LEI carries them.
     */
    public static Optional<String> checkLei(String lei) {
        if (lei == null || !LEI.matcher(lei).matches()) {
            return Optional.of("LEI must be 18 alphanumerics and 2 check digits, got '" + lei + "'");
        }
        int check = Integer.parseInt(lei.substring(18));
        if (check < 2 || check > 98) {
            return Optional.of("LEI check digits must be 02 to 98 (ISO 7064 mod 97-10), got " + lei.substring(18)
                    + ": " + lei);
        }
        return mod97(lei) == 1 ? Optional.empty() : Optional.of("LEI check digits do not verify: " + lei);
    }

    /** ISO 6166 ISIN: country prefix, 9 alphanumerics, Luhn check digit over the letter-expanded string. */
    public static Optional<String> checkIsin(String isin) {
        if (isin == null || !ISIN.matcher(isin).matches()) {
            return Optional.of("ISIN must be 2 letters, 9 alphanumerics and a check digit, got '" + isin + "'");
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            digits.append(Character.digit(isin.charAt(i), 36));
        }
        int sum = 0;
        boolean dbl = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        int check = (10 - sum % 10) % 10;
        return check == isin.charAt(11) - '0' ? Optional.empty()
                : Optional.of("ISIN check digit should be " + check + ": " + isin);
    }

    /** CUSIP: 8 characters and a check digit (modulus 10 double-add-double). */
    public static Optional<String> checkCusip(String cusip) {
        if (cusip == null || !CUSIP.matcher(cusip).matches()) {
            return Optional.of("CUSIP must be 8 characters and a check digit, got '" + cusip + "'");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = cusip.charAt(i);
            int v;
            if (Character.isDigit(c)) {
                v = c - '0';
            } else if (Character.isLetter(c)) {
                v = c - 'A' + 10;
            } else {
                v = switch (c) {
                    case '*' -> 36;
                    case '@' -> 37;
                    default -> 38;
                };
            }
            if (i % 2 == 1) {
                v *= 2;
            }
            sum += v / 10 + v % 10;
        }
        int check = (10 - sum % 10) % 10;
        return check == cusip.charAt(8) - '0' ? Optional.empty()
                : Optional.of("CUSIP check digit should be " + check + ": " + cusip);
    }

    /**
     * ISO 10962 CFI: six letters, the first an ISO 10962:2019 category and the second one of that category's
     * groups. Attributes (letters 3 to 6, X where not applicable) are not checked.
     */
    public static Optional<String> checkCfi(String cfi) {
        if (cfi == null || !CFI.matcher(cfi).matches()) {
            return Optional.of("CFI must be six letters, got '" + cfi + "'");
        }
        String groups = CFI_GROUPS.get(cfi.charAt(0));
        if (groups == null) {
            return Optional.of("CFI category '" + cfi.charAt(0) + "' is not an ISO 10962 category: " + cfi);
        }
        return groups.indexOf(cfi.charAt(1)) >= 0 ? Optional.empty()
                : Optional.of("CFI group '" + cfi.charAt(1) + "' is not a group of ISO 10962 category '"
                + cfi.charAt(0) + "' (one of " + groups + "): " + cfi);
    }

    /** ANNA DSB UPI: 12 alphanumerics. */
    public static Optional<String> checkUpi(String upi) {
        return upi != null && UPI.matcher(upi).matches() ? Optional.empty()
                : Optional.of("UPI must be 12 alphanumerics, got '" + upi + "'");
    }

    /** ISO 24165 DTI: 9 alphanumerics. */
    public static Optional<String> checkDti(String dti) {
        return dti != null && DTI.matcher(dti).matches() ? Optional.empty()
                : Optional.of("DTI must be 9 alphanumerics, got '" + dti + "'");
    }

    /** CFTC/ISO 23897 UTI: the generating entity's LEI followed by up to 32 alphanumerics. */
    public static Optional<String> checkUti(String uti) {
        if (uti == null || uti.length() < 21 || uti.length() > 52) {
            return Optional.of("UTI must be an LEI followed by 1 to 32 alphanumerics, got '" + uti + "'");
        }
        Optional<String> lei = checkLei(uti.substring(0, 20));
        if (lei.isPresent()) {
            return Optional.of("UTI prefix is not a valid LEI: " + lei.get());
        }
        return UTI_SUFFIX.matcher(uti.substring(20)).matches() ? Optional.empty()
                : Optional.of("UTI suffix must be 1 to 32 alphanumerics, got '" + uti.substring(20) + "'");
    }

    private static int mod97(String s) {
        int rem = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = Character.digit(s.charAt(i), 36);
            rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
        }
        return rem;
    }
}
