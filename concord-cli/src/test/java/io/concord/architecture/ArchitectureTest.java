package io.concord.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.concord.feed.FeedFormats;
import io.concord.feed.FeedParser;
import io.concord.margin.MarginSilo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floors of Concord and the edges that must never exist, checked on the main classes (not the tests): each
 * rule is named, and a failure message starts with that name. {@link #aWrongImportFailsWithTheRuleItBreaks()}
 * shows each rule failing on a deliberately wrong class (test-only package {@code io.concord.model.archwrong}).
 *
 * <p>Floors, lowest first; a floor imports only the floors below it: model (values, identifiers, reason codes,
 * generated ISO 20022 bindings) → feed (the registry and SPI, one package per format) → mapping → book → margin
 * (silo SPI in {@code margin}, one package per silo, the engine in {@code margin.engine}) → report → ledger (the
 * state store, JDBC) → gateway (base, routes, serve, bus, runtime: Camel, Vert.x, Kafka) → bench → gateway.cli.
 */
class ArchitectureTest {

    static final String MODEL = "io.concord.model..";
    static final String FEED = "io.concord.feed..";
    static final String MAPPING = "io.concord.mapping..";
    static final String BOOK = "io.concord.book..";
    static final String MARGIN = "io.concord.margin..";
    static final String REPORT = "io.concord.report..";
    static final String LEDGER = "io.concord.ledger..";
    static final String[] GATEWAY = {"io.concord.gateway", "io.concord.gateway.routes..", "io.concord.gateway.serve..",
            "io.concord.gateway.bus..", "io.concord.gateway.runtime.."};
    static final String BENCH = "io.concord.bench..";
    static final String CLI = "io.concord.gateway.cli..";

    /** FLOORS: each floor imports only the floors below it; every class is on a floor. */
    static final ArchRule FLOORS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("model").definedBy(MODEL)
            .layer("feed").definedBy(FEED)
            .layer("mapping").definedBy(MAPPING)
            .layer("book").definedBy(BOOK)
            .layer("margin").definedBy(MARGIN)
            .layer("report").definedBy(REPORT)
            .layer("ledger").definedBy(LEDGER)
            .layer("gateway").definedBy(GATEWAY)
            .layer("bench").definedBy(BENCH)
            .layer("cli").definedBy(CLI)
            .whereLayer("model").mayNotAccessAnyLayer()
            .whereLayer("feed").mayOnlyAccessLayers("model")
            .whereLayer("mapping").mayOnlyAccessLayers("model", "feed")
            .whereLayer("book").mayOnlyAccessLayers("model")
            .whereLayer("margin").mayOnlyAccessLayers("model", "feed", "mapping", "book")
            .whereLayer("report").mayOnlyAccessLayers("model", "feed", "mapping", "book", "margin")
            .whereLayer("ledger").mayOnlyAccessLayers("model", "feed", "mapping", "book", "report")
            .whereLayer("gateway").mayOnlyAccessLayers("model", "feed", "mapping", "book", "margin", "report",
                    "ledger")
            .whereLayer("bench").mayOnlyAccessLayers("model", "feed", "mapping", "book", "margin", "report",
                    "ledger", "gateway")
            .as("FLOORS: a floor imports only the floors below it (model < feed < mapping < book < margin < report "
                    + "< ledger < gateway < bench < cli)");

    /** NO_CYCLES: no two packages import each other, directly or round a loop. */
    static final ArchRule NO_CYCLES = slices().matching("io.concord.(**)").should().beFreeOfCycles()
            .as("NO_CYCLES: no package cycles");

    /** CAMEL_KAFKA_VERTX_IN_GATEWAY: the core is plain Java; only the gateway wires Camel, Kafka and Vert.x. */
    static final ArchRule CAMEL_KAFKA_VERTX_IN_GATEWAY = noClasses().that().resideOutsideOfPackages(GATEWAY)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.kafka..",
                    "io.vertx..", "io.netty..")
            .as("CAMEL_KAFKA_VERTX_IN_GATEWAY: Camel, Kafka and Vert.x are used only in gateway (base, routes, "
                    + "serve, bus, runtime)");

    /** JDBC_IN_LEDGER_AND_GATEWAY: databases are reached only by the ledger and the gateway. */
    static final ArchRule JDBC_IN_LEDGER_AND_GATEWAY = noClasses().that().resideOutsideOfPackages(
                    concat(GATEWAY, LEDGER))
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.flywaydb..")
            .as("JDBC_IN_LEDGER_AND_GATEWAY: JDBC and Flyway are used only in ledger and gateway");

    /** PICOCLI_IN_CLI: options and exit codes are the command line's; no stage parses arguments. */
    static final ArchRule PICOCLI_IN_CLI = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .as("PICOCLI_IN_CLI: picocli is used only in gateway.cli");

    /** FORMATS_APART: a feed format sees the feed SPI, never another format. */
    static final ArchRule FORMATS_APART = slices().matching("io.concord.feed.(*)..").should().notDependOnEachOther()
            .as("FORMATS_APART: a feed format package never imports another format package");

    /** RUNTIME_ON_TOP: the composition roots (gateway.runtime) are used by the CLI and the bench, not the stages. */
    static final ArchRule RUNTIME_ON_TOP = noClasses().that().resideOutsideOfPackages(CLI, BENCH,
                    "io.concord.gateway.runtime..")
            .should().dependOnClassesThat().resideInAPackage("io.concord.gateway.runtime..")
            .as("RUNTIME_ON_TOP: only gateway.cli and bench use gateway.runtime");

    /** MODEL_PLAIN: values depend on the JDK (and JAXB, for the generated ISO 20022 bindings) only. */
    static final ArchRule MODEL_PLAIN = classes().that().resideInAPackage(MODEL)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.xml..", "jakarta.xml.bind..",
                    MODEL)
            .as("MODEL_PLAIN: model depends only on the JDK and JAXB");

    /**
     * DOMAIN_UNTIMED: the domain floors (model, feed, mapping, book, margin) compute results only; timing (clocks,
     * CPU time) is the caller's (the gateway's stage clock, the bench).
     */
    static final ArchRule DOMAIN_UNTIMED = noClasses().that().resideInAnyPackage(MODEL, FEED, MAPPING, BOOK, MARGIN)
            .should().dependOnClassesThat().resideInAPackage("java.lang.management..")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .as("DOMAIN_UNTIMED: model, feed, mapping, book and margin measure no time (no System.nanoTime, "
                    + "currentTimeMillis, java.lang.management); the gateway and the bench time them");

    /**
     * FEED_SPI: what a feed format publishes is its {@code FeedParser} (public because {@code ServiceLoader} needs
     * it); its bindings, streams and helpers are package-private, and the rest of Concord reaches it through
     * {@code FeedFormats} and the SPI types of {@code io.concord.feed}. One exception, by design: the bench's raw
     * floor binds {@code PosRptXml} itself (it measures JAXB alone).
     */
    static final ArchRule FEED_SPI = classes().that().resideInAPackage("io.concord.feed.*..")
            .and().areTopLevelClasses().and().arePublic()
            .and().doNotHaveFullyQualifiedName("io.concord.feed.fixml.PosRptXml")
            .should().beAssignableTo(FeedParser.class)
            .as("FEED_SPI: a feed format package's only public types are its FeedParsers (the SPI is "
                    + "io.concord.feed); everything else in it is package-private");

    /**
     * SILO_SPI: what a silo package publishes is its {@code MarginSilo} and its parameters (what the engine builds
     * it from); its methods and helpers are package-private. SIMM also publishes its calculator, which
     * {@code concord simm} runs on its own: SimmEngine, SimmResult, SimmParameters, Horizon, RiskClass,
     * SimmInputException.
     */
    static final ArchRule SILO_SPI = classes().that().resideInAnyPackage("io.concord.margin.sec..",
                    "io.concord.margin.cftc..", "io.concord.margin.event..", "io.concord.margin.schedule..",
                    "io.concord.margin.simm..")
            .and().areTopLevelClasses().and().arePublic()
            .should().beAssignableTo(MarginSilo.class)
            .orShould().haveSimpleNameEndingWith("Parameters")
            .orShould().haveNameMatching(
                    "io\\.concord\\.margin\\.simm\\.(SimmEngine|SimmResult|Horizon|RiskClass|SimmInputException)")
            .as("SILO_SPI: a silo package's only public types are its MarginSilo and its *Parameters (and SIMM's "
                    + "calculator API); everything else in it is package-private");

    /**
     * ROUTES_BY_REFERENCE: routes only wire stages together, and call them by reference (a lambda or method
     * reference, checked by the compiler), never through Camel's bean binding by a method name in a string, which
     * fails only when the first message arrives (and makes Camel hash the body to cache the lookup).
     */
    static final ArchRule ROUTES_BY_REFERENCE = noClasses().that().resideInAPackage("io.concord.gateway.routes..")
            .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a Camel bean(object, \"name\") or method(object, \"name\")", call ->
                            (call.getName().equals("bean") || call.getName().equals("method"))
                                    && call.getTargetOwner().getPackageName().startsWith("org.apache.camel")
                                    && call.getTarget().getRawParameterTypes().size() == 2
                                    && call.getTarget().getRawParameterTypes().get(1).isEquivalentTo(String.class)))
            .as("ROUTES_BY_REFERENCE: routes call the stages by reference, never a bean method by its name in a "
                    + "string");

    static final ArchRule[] RULES = {FLOORS, NO_CYCLES, CAMEL_KAFKA_VERTX_IN_GATEWAY, JDBC_IN_LEDGER_AND_GATEWAY,
            PICOCLI_IN_CLI, FORMATS_APART, RUNTIME_ON_TOP, MODEL_PLAIN, DOMAIN_UNTIMED, FEED_SPI, SILO_SPI,
            ROUTES_BY_REFERENCE};

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.concord");
    }

    @Test
    void floors() {
        FLOORS.check(main);
    }

    @Test
    void noPackageCycles() {
        NO_CYCLES.check(main);
    }

    @Test
    void camelKafkaAndVertxOnlyInTheGateway() {
        CAMEL_KAFKA_VERTX_IN_GATEWAY.check(main);
    }

    @Test
    void jdbcOnlyInTheLedgerAndTheGateway() {
        JDBC_IN_LEDGER_AND_GATEWAY.check(main);
    }

    @Test
    void picocliOnlyInTheCli() {
        PICOCLI_IN_CLI.check(main);
    }

    @Test
    void feedFormatsApart() {
        FORMATS_APART.check(main);
    }

    @Test
    void runtimeOnlyUnderTheCliAndTheBench() {
        RUNTIME_ON_TOP.check(main);
    }

    @Test
    void modelDependsOnTheJdkOnly() {
        MODEL_PLAIN.check(main);
    }

    @Test
    void domainClassesMeasureNoTime() {
        DOMAIN_UNTIMED.check(main);
    }

    @Test
    void routesCallStagesByReference() {
        ROUTES_BY_REFERENCE.check(main);
        JavaClasses wrong = new ClassFileImporter().importPackages("io.concord.gateway.routes.archwrong");
        assertViolation(ROUTES_BY_REFERENCE, wrong, "Rule 'ROUTES_BY_REFERENCE:",
                "io.concord.gateway.routes.archwrong.WrongRoutes");
    }

    @Test
    void feedFormatsPublishOnlyTheirParsers() {
        FEED_SPI.check(main);
    }

    @Test
    void silosPublishOnlyTheirSiloAndParameters() {
        SILO_SPI.check(main);
    }

    /** Every concrete FeedParser on the feed floor is registered (META-INF/services), so FeedFormats reads it. */
    @Test
    void everyFeedParserIsRegistered() {
        Set<String> implemented = main.stream()
                .filter(c -> c.isAssignableTo(FeedParser.class) && !c.isInterface()
                        && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT))
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> registered = FeedFormats.standard().all().stream().map(p -> p.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(implemented).isNotEmpty();
        assertThat(registered).isEqualTo(implemented);
    }

    /**
     * The deliberately wrong classes of {@code io.concord.model.archwrong} (test-only): a value that imports a margin
     * class and Camel, a value that times itself, and two packages that import each other. Each rule they break
     * fails with its own name.
     */
    @Test
    void aWrongImportFailsWithTheRuleItBreaks() {
        JavaClasses wrong = new ClassFileImporter().importPackages("io.concord.model.archwrong");
        assertThat(wrong).isNotEmpty();
        assertViolation(FLOORS, wrong, "Rule 'FLOORS:", "io.concord.model.archwrong.WrongFloor",
                "io.concord.margin.Explain");
        assertViolation(NO_CYCLES, wrong, "Rule 'NO_CYCLES:", "model.archwrong.a", "model.archwrong.b");
        assertViolation(CAMEL_KAFKA_VERTX_IN_GATEWAY, wrong, "Rule 'CAMEL_KAFKA_VERTX_IN_GATEWAY:",
                "org.apache.camel.CamelContext");
        assertViolation(MODEL_PLAIN, wrong, "Rule 'MODEL_PLAIN:", "org.apache.camel.CamelContext");
        assertViolation(DOMAIN_UNTIMED, wrong, "Rule 'DOMAIN_UNTIMED:", "io.concord.model.archwrong.WrongTimer",
                "System.nanoTime()");
        for (ArchRule rule : new ArchRule[]{JDBC_IN_LEDGER_AND_GATEWAY, PICOCLI_IN_CLI, RUNTIME_ON_TOP}) {
            rule.check(wrong); // the wrong classes break only the rules above
        }
    }

    /**
     * A public helper in a feed format package and in a silo package (test-only packages {@code
     * io.concord.feed.archwrong} and {@code io.concord.margin.sec.archwrong}): each breaks its SPI rule, by name.
     */
    @Test
    void aPublicInternalFailsTheSpiRule() {
        JavaClasses feed = new ClassFileImporter().importPackages("io.concord.feed.archwrong");
        assertViolation(FEED_SPI, feed, "Rule 'FEED_SPI:", "io.concord.feed.archwrong.WrongPublicHelper");
        JavaClasses silo = new ClassFileImporter().importPackages("io.concord.margin.sec.archwrong");
        assertViolation(SILO_SPI, silo, "Rule 'SILO_SPI:", "io.concord.margin.sec.archwrong.WrongPublicSiloHelper");
    }

    private static void assertViolation(ArchRule rule, JavaClasses classes, String... inMessage) {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> rule.check(classes));
        assertThat(e.getMessage()).contains(inMessage);
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
