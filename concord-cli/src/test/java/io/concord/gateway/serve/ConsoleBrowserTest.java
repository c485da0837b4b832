package io.concord.gateway.serve;

import io.concord.gateway.runtime.ServeRuntime;
import io.concord.gateway.runtime.DemoServe;
import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Debian Chromium through Selenium) against one demo gateway for the whole
 * class ({@link DemoServe} with Hudson's and Larkspur's position files): each role signs in and sees what it may and
 * not what it may not, a firm uploads a file and sees its ack, expands an explain tree, and the numbers the console
 * shows are margin.json's. Screenshots go to {@code target/console-screenshots/}.
 *
 * <p>Needs {@code chromium} and {@code chromium-driver} (Debian: {@code apt-get install chromium chromium-driver});
 * without them the class is skipped saying so, unless {@code CONCORD_REQUIRE_BROWSER=1} (as {@code .ci/run} sets),
 * which makes their absence a failure.
 */
class ConsoleBrowserTest {

    static final String HUDSON = DemoServe.HUDSON;
    static final String LARKSPUR = DemoServe.LARKSPUR;
    static final Path SHOTS = Path.of("target/console-screenshots");

    @TempDir
    static Path dir;
    static ServeRuntime gateway;
    static WebDriver browser;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = executable("chromium", "chromium-browser");
        Optional<Path> driver = executable("chromedriver");
        String install = "the browser tests need Chromium and its driver: apt-get install chromium chromium-driver "
                + "(Debian/Ubuntu), or put chromium and chromedriver on the PATH";
        if ("1".equals(System.getenv("CONCORD_REQUIRE_BROWSER"))) {
            assertThat(chromium.isPresent() && driver.isPresent()).as(install).isTrue();
        }
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(), "skipped: " + install);
        gateway = DemoServe.start(dir.resolve("demo"), ServeHarness.freePort(), Path.of("mappings"), List.of(
                Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"),
                Path.of("fixtures/sec/positions-larkspur-2026-11-20.csv")), new PrintWriter(new StringWriter()));
        url = "http://127.0.0.1:" + gateway.port() + "/";
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    private static Optional<Path> executable(String... names) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String n : names) {
                Path p = Path.of(dirName, n);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    private static WebElement find(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Opens the console signed out, then signs in with {@code key}; first waits until the current state has taken in
     * every submission (an upload of another test recomputes it), so the page and margin.json show the same state.
     */
    private static void signIn(String key) throws Exception {
        gateway.gateway().current().settled().get(3, java.util.concurrent.TimeUnit.MINUTES);
        browser.get(url);
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        find("#key").sendKeys(key);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        find("#who");
        await().until(d -> !d.findElement(By.id("who")).getText().isEmpty());
    }

    private static void shot(String name) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** An API call from the page with the session's key: the status it answers. */
    private static long statusFromPage(String path) {
        return (Long) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {headers: {'X-API-Key': sessionStorage.getItem('concord.key')}})"
                + ".then(r => done(r.status), e => done(-1));", path);
    }

    private static JsonNode published(String relative) throws Exception {
        return Json.MAPPER.readTree(gateway.gateway().current().folder().resolve(relative).toFile());
    }

    private static String money(JsonNode n) {
        return String.format(Locale.US, "%,.2f", n.decimalValue());
    }

    @Test
    void theKeyIsKeptInTheTabOnly() throws Exception {
        signIn("hudson-demo-key");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return sessionStorage.getItem('concord.key')")).isEqualTo("hudson-demo-key");
        assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.cookie")).isEqualTo("");
        assertThat(browser.getCurrentUrl()).doesNotContain("demo-key");
        browser.findElement(By.id("logout")).click();
        find("#key");
        assertThat(js.executeScript("return sessionStorage.getItem('concord.key')")).isNull();
    }

    @Test
    void aWrongKeyIsRefused() {
        browser.get(url);
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        find("#key").sendKeys("not-a-key");
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        await().until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("not recognised");
        assertThat(browser.findElements(By.id("firm-view"))).isEmpty();
    }

    @Test
    void aFirmSeesItsOwnDataAndItsNumbersAreMarginJsons() throws Exception {
        signIn("hudson-demo-key");
        assertThat(find("#firm-view").getAttribute("data-firm")).isEqualTo(HUDSON);
        assertThat(browser.findElements(By.id("tab-market"))).as("no regulator views").isEmpty();
        // Hudson's own submissions only (the upload test may have added its second), never Larkspur's
        List<WebElement> submissions = find("#submissions-table tbody").findElements(By.tagName("tr"));
        assertThat(submissions).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("hudson"));
        assertThat(submissions).anySatisfy(r -> assertThat(r.getText())
                .contains("positions-hudson-2026-11-20.csv", "ACCEPTED"));
        assertThat(statusFromPage("/api/firms/" + LARKSPUR + "/accounts")).isEqualTo(403);
        assertThat(statusFromPage("/api/regulator/margin-summary")).isEqualTo(403);

        JsonNode margin = published("reports/" + HUDSON + "/margin.json");
        List<WebElement> rows = find("#accounts-table tbody").findElements(By.tagName("tr"));
        assertThat(rows).hasSize(margin.get("accounts").size());
        BigDecimal siloed = BigDecimal.ZERO;
        for (JsonNode a : margin.get("accounts")) {
            WebElement row = rows.stream().filter(r -> r.findElement(By.tagName("td")).getText()
                    .equals(a.get("account").asText())).findFirst().orElseThrow();
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(3).getText()).isEqualTo(money(a.get("siloedTotal")));
            assertThat(cells.get(4).getText()).isEqualTo(money(a.get("harmonized").get("total")));
            assertThat(cells.get(6).getText()).isEqualTo(money(a.get("collateral").get("postHaircut")));
            assertThat(cells.get(7).getText()).isEqualTo(money(a.get("excessDeficit")));
            siloed = siloed.add(a.get("siloedTotal").decimalValue());
        }
        assertThat(new BigDecimal(find("#firm-siloed").getAttribute("data-value")))
                .isEqualByComparingTo(siloed);
        assertThat(browser.findElements(By.cssSelector("#firm-view .chart svg"))).isNotEmpty();
        shot("firm");
    }

    @Test
    void aFirmExpandsAnExplainTree() throws Exception {
        signIn("hudson-demo-key");
        JsonNode margin = published("reports/" + HUDSON + "/margin.json");
        JsonNode account = Stream.of(margin.get("accounts")).flatMap(a -> java.util.stream.StreamSupport
                .stream(a.spliterator(), false)).filter(a -> a.get("siloedTotal").asDouble() > 0).findFirst()
                .orElseThrow();
        find("#accounts-table tbody");
        browser.findElements(By.cssSelector("#accounts-table tbody tr")).stream()
                .filter(r -> r.findElement(By.tagName("td")).getText().equals(account.get("account").asText()))
                .findFirst().orElseThrow().click();
        WebElement silo = find("#explain .silo[data-silo='" + account.get("silos").get(0).get("silo").asText() + "']");
        WebElement root = silo.findElement(By.cssSelector(":scope > details.node, :scope > .leaf"));
        assertThat(new BigDecimal(root.findElement(By.cssSelector(".amt")).getAttribute("data-value")))
                .isEqualByComparingTo(account.get("silos").get(0).get("explain").get("amount").decimalValue());
        if (root.getTagName().equals("details")) {
            WebElement summary = root.findElement(By.tagName("summary"));
            summary.click();
            assertThat(root.getAttribute("open")).isNotNull();
            JsonNode firstChild = account.get("silos").get(0).get("explain").get("children").get(0);
            WebElement child = root.findElement(By.cssSelector(":scope > details.node, :scope > .leaf"));
            assertThat(child.isDisplayed()).isTrue();
            assertThat(child.getText()).contains(firstChild.get("label").asText());
        }
        shot("explain");
    }

    @Test
    void aFirmUploadsAFileAndSeesItsAck() throws Exception {
        signIn("hudson-demo-key");
        new Select(find("#upload-feed")).selectByValue("cftc-fixml-posrpt");
        browser.findElement(By.id("upload-file"))
                .sendKeys(Path.of("fixtures/cftc/posrpt-hudson-2026-11-20.xml").toAbsolutePath().toString());
        WebElement ack = find("#upload-result .ack");
        assertThat(ack.getAttribute("data-status")).isIn("ACCEPTED", "PARTIAL");
        assertThat(ack.getText()).contains("posrpt-hudson-2026-11-20.xml", "received");
        if (ack.getAttribute("data-status").equals("PARTIAL")) {
            assertThat(ack.findElement(By.id("rejections-table")).getText()).contains("UNMAPPED_PRODUCT");
        }
        await().until(d -> d.findElements(By.cssSelector("#submissions-table tbody tr")).size() == 2);
        shot("upload");
    }

    @Test
    void theRegulatorSeesTheMarketAndEveryFirm() throws Exception {
        signIn("regulator-demo-key");
        JsonNode market = published("margin/summary.json").get("market");
        assertThat(new BigDecimal(find("#market-freed").getAttribute("data-value")))
                .isEqualByComparingTo(market.get("freed").decimalValue());
        assertThat(find("#market-siloed").getText()).isEqualTo(money(market.get("siloed")));
        shot("regulator-market");
        find("#tab-firms").click();
        assertThat(find("#firms-table tbody").findElements(By.tagName("tr"))).hasSize(2);
        find("#firm-filter").sendKeys("LARKSPUR");
        await().until(d -> d.findElements(By.cssSelector("#firms-table tbody tr")).size() == 1);
        find("#firms-table tbody tr").click();
        assertThat(find("#firm-view").getAttribute("data-firm")).isEqualTo(LARKSPUR);
        find("#accounts-table");
        assertThat(browser.findElements(By.id("upload-file"))).as("a regulator submits nothing").isEmpty();
        shot("regulator-firm");
        find("#tab-positions").click();
        assertThat(find("#taxonomy-table tbody").findElements(By.tagName("tr"))).isNotEmpty();
        assertThat(statusFromPage("/api/mappings")).isEqualTo(403);
    }

    @Test
    void theMaintainerSeesTheMappingsAndReloadsThem() throws Exception {
        signIn("maintainer-demo-key");
        assertThat(find("#mappings-version").getText()).isEqualTo(gateway.gateway().mappings().version());
        assertThat(browser.findElements(By.id("firm-view"))).isEmpty();
        assertThat(statusFromPage("/api/firms")).isEqualTo(403);
        assertThat(statusFromPage("/api/firms/" + HUDSON + "/margin")).isEqualTo(403);
        assertThat(find("#unmapped-table").getText()).contains("UNMAPPED_PRODUCT");
        find("#reload").click();
        await().until(d -> d.findElement(By.id("reload-result")).getText().startsWith("Reloaded"));
        shot("maintainer");
    }
}
