package io.concord.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known-answer tests on real identifiers. Each valid value is a published identifier of the instrument or entity
 * named beside it (check digits re-computed independently when the test was written); each invalid value changes
 * one character or the shape of a valid one.
 */
class IdentifiersTest {

    // --- LEI (ISO 17442: 18 alphanumerics + 2 check digits, ISO 7064 mod 97-10) ---

    @ParameterizedTest
    @ValueSource(strings = {
            "5493001KJTIIGC8Y1R12", // Bloomberg Finance L.P.
            "HWUPKR0MPOU8FGXBT394", // Apple Inc.
            "7LTWFZYICNSX8D621K86", // Deutsche Bank AG
            "549300HUDSONCLR0RG39", // fixture firm (fixtures/sec/positions-hudson-2026-11-20.csv), digits computed
    })
    void realLeisVerify(String lei) {
        assertThat(Identifiers.checkLei(lei)).isEmpty();
    }

    @Test
    void leiWithWrongCheckDigitsIsRejected() {
        assertThat(Identifiers.checkLei("5493001KJTIIGC8Y1R13")).hasValueSatisfying(
                m -> assertThat(m).contains("check digits do not verify"));
        // two characters transposed in the body: mod 97 catches transpositions
        assertThat(Identifiers.checkLei("4593001KJTIIGC8Y1R12")).isPresent();
    }

    /**
     * ISO 17442 / ISO 7064 MOD 97-10: the check digits are 98 - (body x 100 mod 97), so 02 to 98. For these bodies
     * the conforming digits are 97, 98 and 02 (computed by hand from the remainder: 1, 0 and 96), and 00, 01 and 99
     * leave the same remainder 1 modulo 97, so the plain "number mod 97 = 1" test passes them too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"5493001KJTIIGC8Y0Y97:5493001KJTIIGC8Y0Y00", "5493001KJTIIGC8Y2698:5493001KJTIIGC8Y2601",
            "5493001KJTIIGC8Y5802:5493001KJTIIGC8Y5899"})
    void leiCheckDigitsOutside02To98AreRejectedThoughTheyVerifyMod97(String pair) {
        String conforming = pair.substring(0, 20);
        String outOfRange = pair.substring(21);
        assertThat(Identifiers.checkLei(conforming)).isEmpty();
        assertThat(Identifiers.checkLei(outOfRange)).hasValueSatisfying(
                m -> assertThat(m).contains("check digits must be 02 to 98"));
        // an LEI-prefixed UTI inherits the check
        assertThat(Identifiers.checkUti(outOfRange + "TRADE1")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5493001KJTIIGC8Y1R1", "5493001KJTIIGC8Y1R123", "5493001kjtiigc8y1r12",
            "5493001KJTIIGC8Y1RAB", "5493001KJTIIGC8Y-R12", ""})
    void leiOfWrongShapeIsRejected(String lei) {
        assertThat(Identifiers.checkLei(lei)).hasValueSatisfying(m -> assertThat(m).contains("LEI must be"));
    }

    @Test
    void nullIsNeverValid() {
        assertThat(Identifiers.checkLei(null)).isPresent();
        assertThat(Identifiers.checkIsin(null)).isPresent();
        assertThat(Identifiers.checkCusip(null)).isPresent();
        assertThat(Identifiers.checkCfi(null)).isPresent();
        assertThat(Identifiers.checkUpi(null)).isPresent();
        assertThat(Identifiers.checkUti(null)).isPresent();
        assertThat(Identifiers.checkDti(null)).isPresent();
    }

    // --- ISIN (ISO 6166: country, 9 alphanumerics, Luhn check digit over the letter-expanded string) ---

    @ParameterizedTest
    @ValueSource(strings = {
            "US0378331005", // Apple Inc. common stock
            "US5949181045", // Microsoft Corp. common stock
            "US78462F1030", // SPDR S&P 500 ETF Trust
            "US46438F1012", // iShares Bitcoin Trust ETF (IBIT)
            "GB0002634946", // BAE Systems plc
            "AU0000XVGZA3", // Treasury Corp. of Victoria bond: letters inside the body
            "JP3435000009", // Sony Group Corp.
            "DE000BAY0017", // Bayer AG
    })
    void realIsinsVerify(String isin) {
        assertThat(Identifiers.checkIsin(isin)).isEmpty();
    }

    @Test
    void isinWithWrongCheckDigitNamesTheRightOne() {
        assertThat(Identifiers.checkIsin("US0378331006")).contains("ISIN check digit should be 5: US0378331006");
        assertThat(Identifiers.checkIsin("AU0000XVGZA4")).contains("ISIN check digit should be 3: AU0000XVGZA4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"US037833100", "US03783310055", "1S0378331005", "US037833100A", "us0378331005"})
    void isinOfWrongShapeIsRejected(String isin) {
        assertThat(Identifiers.checkIsin(isin)).hasValueSatisfying(m -> assertThat(m).contains("ISIN must be"));
    }

    // --- CUSIP (8 characters + modulus-10 double-add-double check digit) ---

    @ParameterizedTest
    @ValueSource(strings = {
            "037833100", // Apple Inc.
            "594918104", // Microsoft Corp.
            "78462F103", // SPDR S&P 500 ETF Trust
            "46090E103", // Invesco QQQ Trust
            "46438F101", // iShares Bitcoin Trust ETF
            "38259P508", // Google Inc. class A (2004 listing)
    })
    void realCusipsVerify(String cusip) {
        assertThat(Identifiers.checkCusip(cusip)).isEmpty();
    }

    @Test
    void cusipWithWrongCheckDigitNamesTheRightOne() {
        assertThat(Identifiers.checkCusip("037833101")).contains("CUSIP check digit should be 0: 037833101");
        assertThat(Identifiers.checkCusip("78462F104")).contains("CUSIP check digit should be 3: 78462F104");
    }

    @Test
    void cusipEmbeddedInAnIsinIsTheIsinsBody() {
        // a US ISIN is US + CUSIP + ISIN check digit: both check digits must verify on their own
        assertThat(Identifiers.checkCusip("US0378331005".substring(2, 11))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"03783310", "0378331000", "03783310A", "037833 00", "78462f103"})
    void cusipOfWrongShapeIsRejected(String cusip) {
        assertThat(Identifiers.checkCusip(cusip)).hasValueSatisfying(m -> assertThat(m).contains("CUSIP must be"));
    }

    // --- CFI (ISO 10962:2019: six letters, category and a group of that category) ---

    @ParameterizedTest
    @ValueSource(strings = {
            "ESVUFR", // Apple Inc. common stock: equity, shares, voting, unrestricted, fully paid, registered
            "CEOGEU", // an exchange-traded fund: collective investment vehicle, ETF group
            "DBFTFR", // a fixed-rate bond: debt, bonds
            "FFICSX", // CME E-mini S&P 500 future (fixtures/cftc): futures, financial, index
            "FFCCSX", // CME Bitcoin future (fixtures/cftc)
            "FCECSX", // an energy commodity future
            "OCAFPS", // option on a future, call, American (fixtures/cftc)
            "OPAFPS", // option on a future, put, American
            "SRCCSP", // an interest-rate swap: swaps, rates
            "SCUCCC", // a credit default swap: swaps, credit
            "JFTXFP", // an FX forward: forwards, foreign exchange
            "HRAXXX", // a swaption-like rates option: non-listed options, rates
            "IFXXXP", // FX spot
            "KRXXXX", // a rates strategy
            "LRXXXX", // a repurchase agreement: financing, repo
            "TIXXXX", // an index as referential instrument
            "RWXXXX", // a warrant: entitlements
            "MMXXXX", // other assets
    })
    void cfiWithValidCategoryAndGroupVerifies(String cfi) {
        assertThat(Identifiers.checkCfi(cfi)).isEmpty();
    }

    @Test
    void cfiWithUnknownCategoryIsRejected() {
        assertThat(Identifiers.checkCfi("XXXXXX")).contains(
                "CFI category 'X' is not an ISO 10962 category: XXXXXX");
        assertThat(Identifiers.checkCfi("AFICSX")).isPresent();
    }

    @Test
    void cfiWithGroupOfAnotherCategoryIsRejected() {
        // 'E' is a group of swaps (equity) but not of futures, which has only F (financial) and C (commodities)
        assertThat(Identifiers.checkCfi("FEICSX")).contains(
                "CFI group 'E' is not a group of ISO 10962 category 'F' (one of FC): FEICSX");
        // listed options are calls, puts or others: no 'F'
        assertThat(Identifiers.checkCfi("OFAFPS")).isPresent();
        // equities have no 'X' group: X only stands for "not applicable" in attributes
        assertThat(Identifiers.checkCfi("EXXXXX")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ESVUF", "ESVUFRX", "esvufr", "ESVUF1", ""})
    void cfiOfWrongShapeIsRejected(String cfi) {
        assertThat(Identifiers.checkCfi(cfi)).hasValueSatisfying(m -> assertThat(m).contains("six letters"));
    }

    // --- UPI (ANNA DSB, ISO 4914: 12 alphanumerics) ---

    @Test
    void upiIsTwelveAlphanumerics() {
        // the DSB issues UPIs with the prefix QZ; these two only have a UPI's form
        assertThat(Identifiers.checkUpi("QZ4KJQ23ZP5K")).isEmpty();
        assertThat(Identifiers.checkUpi("QZ4KJQ23ZP5")).isPresent();
        assertThat(Identifiers.checkUpi("QZ4KJQ23ZP5KX")).isPresent();
        assertThat(Identifiers.checkUpi("QZ4KJQ23ZP5-")).isPresent();
    }

    // --- DTI (ISO 24165: 9 alphanumerics) ---

    @Test
    void dtiIsNineAlphanumerics() {
        assertThat(Identifiers.checkDti("4H95J0R2X")).isEmpty(); // Bitcoin's DTI (DTI Foundation registry)
        assertThat(Identifiers.checkDti("4H95J0R2")).isPresent();
        assertThat(Identifiers.checkDti("4H95J0R2XY")).isPresent();
        assertThat(Identifiers.checkDti("4h95j0r2x")).isPresent();
    }

    // --- UTI (CFTC 45.5 / ISO 23897: generating entity's LEI + up to 32 alphanumerics) ---

    @Test
    void utiIsAnLeiAndASuffix() {
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12" + "SWAP20261120000001")).isEmpty();
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12" + "A")).isEmpty();
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12" + "X".repeat(32))).isEmpty();
    }

    @Test
    void utiIsRejectedWithTheReason() {
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12")).hasValueSatisfying(
                m -> assertThat(m).contains("followed by 1 to 32"));
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12" + "X".repeat(33))).isPresent();
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R13" + "SWAP1")).hasValueSatisfying(
                m -> assertThat(m).startsWith("UTI prefix is not a valid LEI"));
        assertThat(Identifiers.checkUti("5493001KJTIIGC8Y1R12" + "SWAP-1")).hasValueSatisfying(
                m -> assertThat(m).startsWith("UTI suffix must be"));
    }
}
