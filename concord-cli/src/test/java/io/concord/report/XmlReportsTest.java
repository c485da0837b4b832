package io.concord.report;

import io.concord.gateway.cli.ProcessCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.feed.XmlSchemas;
import io.concord.gateway.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The XML outputs of {@code concord process} on the shipped fixtures: every margin report and ack validates against
 * its XSD, and says what margin.json and the JSON acks say.
 */
class XmlReportsTest {

    @TempDir
    static Path out;

    private static JsonNode marginJson;

    @BeforeAll
    static void processTheFixtures() throws IOException {
        CliRun r = CliRun.of("process", "--out", out.toString(), "fixtures");
        assertThat(r.code()).as(r.err()).isEqualTo(ProcessCommand.EXIT_REJECTED); // fixtures/bad/ is rejected
        marginJson = Json.MAPPER.readTree(out.resolve("margin/margin.json").toFile());
    }

    @Test
    void everyXmlOutputValidatesAgainstItsSchema() throws IOException {
        List<Path> reports = files(out.resolve("reports"), "margin-report.xml");
        List<Path> acks = files(out.resolve("acks"), ".xml");
        assertThat(reports).isNotEmpty();
        assertThat(acks).hasSameSizeAs(files(out.resolve("acks"), ".json"));
        for (Path f : reports) {
            assertValid(MarginReportXml.XSD, f);
        }
        for (Path f : acks) {
            assertValid(AckXml.XSD, f);
        }
    }

    @Test
    void eachFirmsReportSaysWhatMarginJsonSays() throws Exception {
        Map<String, List<JsonNode>> byFirm = new LinkedHashMap<>();
        marginJson.get("accounts").forEach(a -> byFirm.computeIfAbsent(a.get("firm").asText(), f -> new ArrayList<>())
                .add(a));
        assertThat(files(out.resolve("reports"), "margin-report.xml"))
                .extracting(p -> p.getParent().getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(byFirm.keySet());
        int silos = 0;
        for (Map.Entry<String, List<JsonNode>> firm : byFirm.entrySet()) {
            Element root = parse(out.resolve("reports").resolve(firm.getKey()).resolve("margin-report.xml"));
            assertThat(root.getNamespaceURI()).isEqualTo("urn:concord:margin-report:1");
            assertThat(text(root, "Firm")).isEqualTo(firm.getKey());
            assertThat(text(root, "AsOf")).isEqualTo(marginJson.get("asOf").asText());
            assertThat(text(root, "MappingsVersion")).isEqualTo(marginJson.get("mappingsVersion").asText());
            assertThat(text(root, "ParametersVersion")).isEqualTo(marginJson.get("parametersVersion").asText());
            List<Element> accounts = children(root, "Account");
            assertThat(accounts).hasSameSizeAs(firm.getValue());
            for (int i = 0; i < accounts.size(); i++) {
                Element x = accounts.get(i);
                JsonNode j = firm.getValue().get(i);
                assertThat(text(x, "Id")).isEqualTo(j.get("account").asText());
                assertThat(text(x, "SegregationClass")).isEqualTo(j.get("segregationClass").asText());
                assertSameAmount(x, "SiloedTotal", j.get("siloedTotal"));
                assertSameAmount(x, "ExcessDeficit", j.get("excessDeficit"));
                Element collateral = child(x, "Collateral");
                assertSameAmount(collateral, "MarketValue", j.at("/collateral/marketValue"));
                assertSameAmount(collateral, "PostHaircut", j.at("/collateral/postHaircut"));
                List<Element> lines = children(collateral, "Line");
                assertThat(lines).hasSize(j.at("/collateral/lines").size());
                for (int k = 0; k < lines.size(); k++) {
                    JsonNode value = j.at("/collateral/lines/" + k + "/marketValue");
                    if (value.isMissingNode()) {
                        assertThat(child(lines.get(k), "MarketValue")).isNull();
                    } else {
                        assertSameAmount(lines.get(k), "MarketValue", value);
                    }
                    assertSameAmount(lines.get(k), "PostHaircut", j.at("/collateral/lines/" + k + "/postHaircut"));
                    assertThat(text(lines.get(k), "Location"))
                            .isEqualTo(j.at("/collateral/lines/" + k + "/location").asText());
                }
                List<Element> xs = children(x, "Silo");
                assertThat(xs).hasSize(j.get("silos").size());
                for (int k = 0; k < xs.size(); k++) {
                    JsonNode js = j.get("silos").get(k);
                    assertThat(text(xs.get(k), "Name")).isEqualTo(js.get("silo").asText());
                    assertSameAmount(xs.get(k), "Requirement", js.get("requirement"));
                    assertSameExplain(child(xs.get(k), "Explain"), js.get("explain"));
                    silos++;
                }
                List<Element> unmargined = children(x, "Unmargined");
                assertThat(unmargined).hasSize(j.get("unmargined").size());
                for (int k = 0; k < unmargined.size(); k++) {
                    assertThat(text(unmargined.get(k), "Reason"))
                            .isEqualTo(j.get("unmargined").get(k).get("reason").asText());
                }
            }
        }
        assertThat(silos).as("the fixtures margin accounts in several silos").isGreaterThan(5);
    }

    @Test
    void eachAckSaysWhatItsJsonAckSays() throws Exception {
        int rejections = 0;
        for (Path json : files(out.resolve("acks"), ".json")) {
            JsonNode j = Json.MAPPER.readTree(json.toFile());
            Element x = parse(json.resolveSibling(json.getFileName().toString().replace(".json", ".xml")));
            assertThat(x.getNamespaceURI()).isEqualTo("urn:concord:ack:1");
            for (String field : List.of("submissionId", "feed", "file", "sha256", "bytes", "mappingsVersion",
                    "status", "received", "accepted", "rejected")) {
                String element = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                assertThat(text(x, element)).as(json + " " + field).isEqualTo(j.get(field).asText());
            }
            List<Element> xr = children(x, "Rejection");
            assertThat(xr).hasSize(j.get("rejections").size()).hasSize(j.get("rejected").asInt());
            for (int k = 0; k < xr.size(); k++) {
                JsonNode r = j.get("rejections").get(k);
                for (String field : List.of("record", "location", "reason", "category", "message")) {
                    String element = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                    assertThat(text(xr.get(k), element)).isEqualTo(r.get(field).asText());
                }
                assertThat(optionalText(xr.get(k), "Field")).isEqualTo(optional(r, "field"));
                rejections++;
            }
        }
        assertThat(rejections).as("the fixtures carry rejected records").isPositive();
    }

    private static void assertSameExplain(Element x, JsonNode j) {
        assertThat(text(x, "Label")).isEqualTo(j.get("label").asText());
        if (optional(j, "amount") == null) {
            assertThat(child(x, "Amount")).isNull();
        } else {
            assertSameAmount(x, "Amount", j.get("amount"));
        }
        assertThat(optionalText(x, "Basis")).isEqualTo(optional(j, "basis"));
        List<Element> children = children(x, "Explain");
        assertThat(children).hasSize(j.get("children").size());
        Iterator<JsonNode> jc = j.get("children").iterator();
        children.forEach(c -> assertSameExplain(c, jc.next()));
    }

    private static void assertSameAmount(Element parent, String name, JsonNode json) {
        assertThat(new BigDecimal(text(parent, name))).as(name).isEqualByComparingTo(json.decimalValue());
    }

    private static void assertValid(String xsd, Path file) {
        assertThatCode(() -> {
            XmlSchemas.validator(XmlSchemas.load(xsd)).validate(new StreamSource(file.toFile()));
        }).as(file.toString()).doesNotThrowAnyException();
    }

    private static Element parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        try {
            Document d = f.newDocumentBuilder().parse(file.toFile());
            return d.getDocumentElement();
        } catch (SAXException e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertThat(c.size()).as(name).isLessThanOrEqualTo(1);
        return c.isEmpty() ? null : c.get(0);
    }

    /** A field of margin.json or an ack, which leaves nulls out. */
    private static String optional(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String optionalText(Element parent, String name) {
        return child(parent, name) == null ? null : text(parent, name);
    }

    private static String text(Element parent, String name) {
        Element c = child(parent, name);
        assertThat(c).as("element " + name + " in " + parent.getLocalName()).isNotNull();
        return c.getTextContent();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
