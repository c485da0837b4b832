package io.concord.mapping;

import io.concord.TestMappings;
import io.concord.mapping.ProductDefinition.Example;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ambiguity check: exact answers for sets, notIn sets and patterns, with a witness that matches both. */
class OverlapsTest {

    private static Condition is(String... values) {
        return Condition.anyOf(Set.of(values));
    }

    private static Condition pattern(String regex) {
        return Condition.pattern(Pattern.compile(regex));
    }

    private static Condition notIn(String... values) {
        return Condition.notIn(Set.of(values));
    }

    private static ProductDefinition def(String id, Object... attrAndCondition) {
        Map<String, Condition> match = new LinkedHashMap<>();
        for (int i = 0; i < attrAndCondition.length; i += 2) {
            match.put((String) attrAndCondition[i], (Condition) attrAndCondition[i + 1]);
        }
        return new ProductDefinition(id, 1, ProductDefinition.Status.ACTIVE, id, match,
                Map.of("taxonomy", "EQUITY/SINGLE_STOCK/CASH"), List.<Example>of(), id + ".yaml", 1);
    }

    private static List<Overlaps.Overlap> overlaps(ProductDefinition... defs) {
        Overlaps.Report r = Overlaps.find(List.of(defs));
        assertThat(r.undecided()).isEmpty();
        r.overlaps().forEach(o -> assertThat(o.a().matches(o.witness()) && o.b().matches(o.witness()))
                .as("witness %s matches both", o.witness()).isTrue());
        return r.overlaps();
    }

    @Test
    void theShippedDefinitionsAreExclusive() {
        assertThat(MappingLint.check(TestMappings.SHIPPED)).isEmpty();
    }

    @Test
    void exactSetsOverlapOnlyWhenTheyShareAValue() {
        assertThat(overlaps(def("a", "exchange", is("CME", "XCME")), def("b", "exchange", is("XCME", "XCBT"))))
                .singleElement().satisfies(o -> assertThat(o.witness()).containsEntry("exchange", "XCME"));
        assertThat(overlaps(def("a", "exchange", is("CME")), def("b", "exchange", is("CBT")))).isEmpty();
    }

    @Test
    void anAttributeOnlyOneConstrainsIsFreeSoOneSharedDisjointAttributeSeparatesThem() {
        // ES future vs ES option on future: same exchange and code, different security type
        assertThat(overlaps(
                def("fut", "exchange", is("CME"), "contractCode", is("ES"), "securityType", is("FUT")),
                def("oof", "exchange", is("CME"), "contractCode", is("ES"), "securityType", is("OOF")))).isEmpty();
        // a definition keyed on CUSIP alone overlaps one keyed on security type alone
        assertThat(overlaps(def("spy", "cusip", is("78462F103")), def("etf", "securityType", is("ETF"))))
                .singleElement().satisfies(o -> assertThat(o.witness())
                        .containsEntry("cusip", "78462F103").containsEntry("securityType", "ETF"));
    }

    @Test
    void notInExcludesExactlyItsValues() {
        assertThat(overlaps(def("single", "underlying", notIn("SPX", "NDX")), def("spx", "underlying", is("SPX"))))
                .isEmpty();
        assertThat(overlaps(def("single", "underlying", notIn("SPX", "NDX")), def("rut", "underlying", is("RUT"))))
                .hasSize(1);
        // two notIn conditions always share some other value
        assertThat(overlaps(def("a", "underlying", notIn("SPX")), def("b", "underlying", notIn("NDX"))))
                .singleElement().satisfies(o -> assertThat(o.witness().get("underlying")).isNotIn("SPX", "NDX"));
    }

    @Test
    void patternsAreComparedAsRegularLanguages() {
        // CFI codes: futures on indices vs options on futures never meet
        assertThat(overlaps(def("fut", "cfi", pattern("FF[A-Z]{4}")), def("oof", "cfi", pattern("O[CP]A?F.*"))))
                .isEmpty();
        // financial futures vs index futures: FFICSX is in both
        assertThat(overlaps(def("fin", "cfi", pattern("FF[A-Z]{4}")), def("idx", "cfi", pattern("F.I\\w{3}"))))
                .singleElement().satisfies(o -> assertThat(o.witness().get("cfi")).matches("FFI[A-Z0-9_]{3}"));
        // a pattern against an exact value and against a notIn set
        assertThat(overlaps(def("a", "contractCode", pattern("B(TC|FF)")), def("b", "contractCode", is("MBT"))))
                .isEmpty();
        assertThat(overlaps(def("a", "contractCode", pattern("B(TC|FF)")), def("b", "contractCode",
                notIn("BTC", "BFF")))).isEmpty();
        assertThat(overlaps(def("a", "contractCode", pattern("(?:BTC|BFF|MBT)")), def("b", "contractCode",
                notIn("BTC", "BFF")))).singleElement()
                .satisfies(o -> assertThat(o.witness()).containsEntry("contractCode", "MBT"));
    }

    @Test
    void anExampleThatMatchesAnotherDefinitionIsTheWitness() {
        ProductDefinition spy = new ProductDefinition("spy", 1, ProductDefinition.Status.ACTIVE, "spy",
                Map.of("securityType", is("ETF"), "cusip", is("78462F103")), Map.of(),
                List.of(new Example(Map.of("securityType", "ETF", "cusip", "78462F103", "symbol", "SPY"), Map.of(), 9)),
                "spy.yaml", 1);
        assertThat(overlaps(spy, def("etf", "securityType", is("ETF")))).singleElement()
                .satisfies(o -> assertThat(o.witness()).containsEntry("symbol", "SPY"));
    }

    @Test
    void javaOnlyRegexSyntaxIsReportedAsUndecidableNotGuessed() {
        assertThat(Overlaps.unsupported("(?s)es")).hasValueSatisfying(m -> assertThat(m).contains("(?"));
        assertThat(Overlaps.unsupported("(?i)[a-z]+")).hasValueSatisfying(m -> assertThat(m).contains("(?i)"));
        assertThat(Overlaps.unsupported("(E)S\\1")).hasValueSatisfying(m -> assertThat(m).contains("\\1"));
        assertThat(Overlaps.unsupported("a++")).hasValueSatisfying(m -> assertThat(m).contains("possessive"));
        assertThat(Overlaps.unsupported("^F[FC]\\d{2}.*$")).isEmpty();
        Overlaps.Report r = Overlaps.find(List.of(def("a", "cfi", pattern("(?x)ff.*")),
                def("b", "cfi", pattern("FC.*"))));
        assertThat(r.overlaps()).isEmpty();
        assertThat(r.undecided()).singleElement().satisfies(u -> assertThat(u.reason()).contains("(?x)ff.*"));
    }

    @Test
    void anAbsentConditionSeparatesARecordThatCarriesTheAttributeFromOneThatDoesNot() {
        // SBSR: a definition keyed on the UPI, and one on the ISDA taxonomy for records that carry no UPI
        ProductDefinition byUpi = def("by-upi", "feed", is("sec-sbsr"), "upi", is("QZC7XR1GDJ3M"));
        ProductDefinition byTaxonomy = def("by-taxonomy", "feed", is("sec-sbsr"), "isdaTaxonomy",
                is("Credit:SingleName:CDS"));
        assertThat(overlaps(byUpi, byTaxonomy)).singleElement().satisfies(o -> assertThat(o.witness())
                .containsEntry("upi", "QZC7XR1GDJ3M").containsEntry("isdaTaxonomy", "Credit:SingleName:CDS"));
        ProductDefinition withoutUpi = def("by-taxonomy", "feed", is("sec-sbsr"), "isdaTaxonomy",
                is("Credit:SingleName:CDS"), "upi", Condition.absence());
        assertThat(overlaps(byUpi, withoutUpi)).isEmpty();
        assertThat(withoutUpi.matches(Map.of("feed", "sec-sbsr", "isdaTaxonomy", "Credit:SingleName:CDS"))).isTrue();
        assertThat(withoutUpi.matches(Map.of("feed", "sec-sbsr", "isdaTaxonomy", "Credit:SingleName:CDS",
                "upi", "QZC7XR1GDJ3M"))).isFalse();
        // two definitions that both need the attribute absent can meet: the witness leaves it out
        assertThat(overlaps(withoutUpi, def("x", "feed", is("sec-sbsr"), "upi", Condition.absence())))
                .singleElement().satisfies(o -> assertThat(o.witness()).doesNotContainKey("upi"));
    }

    @Test
    void aLeadingCaseInsensitiveFlagIsAnalysed() {
        // Part 45 names the underlying index in free text: "S&P 500", "s&p 500 index" ...
        ProductDefinition spx = def("spx", "underlying", pattern("(?i)S&P 500( Index)?"));
        assertThat(overlaps(spx, def("b", "underlying", is("s&p 500 INDEX")))).hasSize(1);
        assertThat(overlaps(spx, def("b", "underlying", is("S&P 400")))).isEmpty();
        assertThat(overlaps(spx, def("b", "underlying", pattern("(?i)s&p.*")))).singleElement()
                .satisfies(o -> assertThat(o.witness().get("underlying")).isEqualToIgnoringCase("S&P 500"));
    }

    @Test
    void bricsMetaCharactersAreLiteralsAsInJava() {
        // '@', '#', '&', '~', '<' and '"' are operators in dk.brics syntax but plain characters in Java regex
        assertThat(overlaps(def("a", "k", pattern("A@B")), def("b", "k", is("A@B")))).hasSize(1);
        assertThat(overlaps(def("a", "k", pattern("A@B")), def("b", "k", pattern("AXB")))).isEmpty();
        assertThat(overlaps(def("a", "k", pattern("<1-9>\"#&~")), def("b", "k", pattern("<1-9>\"#&~")))).hasSize(1);
    }
}
