package io.concord.architecture;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Maven modules are the floors: the root pom lists them lowest first, and a module's main dependencies name
 * only modules listed before it (MODULES_DOWNWARD); Camel, Kafka, Vert.x and the databases are main dependencies
 * of concord-gateway only (INFRASTRUCTURE_IN_GATEWAY); picocli of concord-cli only (PICOCLI_IN_CLI_MODULE).
 * Maven already refuses an upward import (the class is not on the module's class path); this test says which
 * rule a pom change breaks, and {@link #aWrongPomFailsWithTheRuleItBreaks()} shows each rule failing.
 */
class ModulesTest {

    static final Path ROOT = Path.of("pom.xml");

    /** Group ids only concord-gateway may depend on (test scope aside). */
    static final Set<String> GATEWAY_ONLY = Set.of("org.apache.camel", "org.apache.kafka", "io.vertx", "io.netty",
            "com.h2database", "org.postgresql", "org.flywaydb", "io.micrometer");

    @Test
    void everyModuleDependsOnlyOnTheFloorsBelowIt() throws Exception {
        List<String> modules = modules(Files.readString(ROOT));
        assertThat(modules).as("the floors, lowest first").containsExactly("concord-model", "concord-feeds",
                "concord-mapping", "concord-margin", "concord-reports", "concord-gateway", "concord-bench",
                "concord-cli");
        Map<String, String> poms = new LinkedHashMap<>();
        for (String m : modules) {
            poms.put(m, Files.readString(Path.of(m, "pom.xml")));
        }
        assertThat(violations(modules, poms)).isEmpty();
    }

    @Test
    void aWrongPomFailsWithTheRuleItBreaks() throws Exception {
        List<String> modules = modules(Files.readString(ROOT));
        Map<String, String> poms = new LinkedHashMap<>();
        for (String m : modules) {
            poms.put(m, Files.readString(Path.of(m, "pom.xml")));
        }
        String dependencies = "<dependencies>";
        // margin reaching up to reports, and Camel in the margin floor
        poms.put("concord-margin", poms.get("concord-margin").replace(dependencies, dependencies
                + dep("io.concord", "concord-reports", null) + dep("org.apache.camel", "camel-main", null)));
        // picocli in the gateway; a test-scoped Camel in feeds is fine
        poms.put("concord-gateway", poms.get("concord-gateway").replace(dependencies, dependencies
                + dep("info.picocli", "picocli", null)));
        poms.put("concord-feeds", poms.get("concord-feeds").replace(dependencies, dependencies
                + dep("org.apache.camel", "camel-main", "test")));
        assertThat(violations(modules, poms)).containsExactly(
                "MODULES_DOWNWARD: concord-margin depends on concord-reports, which is not below it",
                "INFRASTRUCTURE_IN_GATEWAY: concord-margin depends on org.apache.camel:camel-main "
                        + "(Camel, Kafka, Vert.x and databases belong to concord-gateway)",
                "PICOCLI_IN_CLI_MODULE: concord-gateway depends on info.picocli:picocli");
    }

    private static String dep(String group, String artifact, String scope) {
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    /** Every broken rule, one line each, starting with the rule's name. */
    static List<String> violations(List<String> modules, Map<String, String> poms) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            String module = modules.get(i);
            NodeList deps = parse(poms.get(module)).getElementsByTagName("dependency");
            for (int d = 0; d < deps.getLength(); d++) {
                Element dep = (Element) deps.item(d);
                if (dep.getParentNode().getParentNode() != dep.getOwnerDocument().getDocumentElement()
                        || "test".equals(text(dep, "scope"))) {
                    continue; // dependencyManagement, plugin dependencies and test scope are not floors
                }
                String group = text(dep, "groupId");
                String artifact = text(dep, "artifactId");
                if (group.equals("io.concord")) {
                    int at = modules.indexOf(artifact);
                    if (at < 0 || at >= i) {
                        out.add("MODULES_DOWNWARD: " + module + " depends on " + artifact + ", which is not below it");
                    }
                } else if (GATEWAY_ONLY.stream().anyMatch(g -> group.equals(g) || group.startsWith(g + "."))
                        && !module.equals("concord-gateway")) {
                    out.add("INFRASTRUCTURE_IN_GATEWAY: " + module + " depends on " + group + ":" + artifact
                            + " (Camel, Kafka, Vert.x and databases belong to concord-gateway)");
                } else if (group.equals("info.picocli") && !module.equals("concord-cli")) {
                    out.add("PICOCLI_IN_CLI_MODULE: " + module + " depends on " + group + ":" + artifact);
                }
            }
        }
        return out;
    }

    static List<String> modules(String rootPom) throws Exception {
        NodeList nodes = parse(rootPom).getElementsByTagName("module");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
