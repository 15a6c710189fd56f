package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.api.RunResult;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.SampleResults;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The leaderboard page in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * on a real server: the rendered tables, the plots, the filters, the drill-down to a run's flags, and
 * an agent that writes HTML into its evidence to run script on the page.
 */
class LeaderboardPageTest {
    @TempDir
    static Path temp;

    static ResultsServer server;
    static ChromeDriver browser;
    static List<RunResult> results;

    @BeforeAll
    static void start() throws Exception {
        server = ResultsServer.start(ServerSettings.defaults("jdbc:sqlite:" + temp.resolve("page.db")).withPort(0));
        String token = new SubmitTokens(server.store(), Clock.systemUTC()).create("page");
        // repo-x is a small catalog project, repo-y a large one
        results = List.of(
                small(ServerTests.withGain("a1", "agent-a", "repo-x", 1, 10)), small(ServerTests.withGain("a2", "agent-a", "repo-x", 2, 20)),
                ServerTests.sized(ServerTests.withGain("a3", "agent-a", "repo-y", 3, 30), "large"),
                small(ServerTests.withGain("b1", "agent-b", "repo-x", 4, 4)),
                ServerTests.sized(ServerTests.withGain("b2", "agent-b", "repo-y", 5, 8), "large"), small(scripted("x1", 6)),
                small(SampleResults.testRunning("t1", "agent-c", "repo-x", 7)));
        ResultsClient client = new ResultsClient(server.uri(), Optional.of(dev.drydock.api.Secret.of(token)), Duration.ofSeconds(10));
        assertThat(client.submit(results)).isInstanceOf(ResultsClient.Outcome.Accepted.class);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1700");
        browser = new ChromeDriver(service, options);
    }

    private static RunResult small(RunResult result) {
        return ServerTests.sized(result, "small");
    }

    /** An agent whose flag evidence and name are HTML meant to run script on the page. */
    private static RunResult scripted(String runId, int minute) throws Exception {
        ObjectNode node = RunResultJson.mapper().valueToTree(SampleResults.completed(runId, "<img src=x onerror=\"window.pwned=1\">",
                "repo-x", minute));
        ((ObjectNode) node.path("testWriting").path("violations").get(0))
                .put("evidence", "<script>window.pwned=2</script><img src=x onerror=\"window.pwned=3\">");
        return RunResultJson.mapper().treeToValue(node, RunResult.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private void open() {
        browser.get(server.uri().toString());
        awaitReady();
    }

    /** Until the page has drawn everything (it marks its body when a refresh has finished). */
    private void awaitReady() {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    private List<List<String>> rows(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    @Test
    void theTablesRankAgentsWithTheirIntervalsAndThePlotsDrawEveryRun() throws Exception {
        open();
        List<List<String>> writing = rows("board-test-writing");
        assertThat(writing).hasSize(3);
        assertThat(writing.get(0)).startsWith("1", "agent-a", "1.0", "50.0 ± 62.1", "[-12.1, 112.1]", "3", "2", "1540");
        assertThat(writing.get(1).get(1)).isEqualTo("<img src=x onerror=\"window.pwned=1\">"); // shown as text
        assertThat(writing.get(2)).startsWith("3", "agent-b", "1.0", "15.0 ± 63.5", "[-48.5, 78.5]");
        assertThat(rows("board-test-running").get(0)).startsWith("1", "agent-c", "2.0", "50.0 (one run)");
        assertThat(browser.findElements(By.cssSelector("#scatter circle.dot"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#bars-test-writing rect.bar"))).hasSize(5);

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/leaderboard-page.png"), png); // for people looking at a failure
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        long notBackground = 0;
        int background = image.getRGB(2, 2);
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) {
                    notBackground++;
                }
            }
        }
        long sampled = (long) (image.getWidth() / 3 + 1) * (image.getHeight() / 3 + 1);
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
        assertThat((double) notBackground / sampled).as("share of the screenshot that is not background").isGreaterThan(0.05);
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void theHtmlReportShowsWhatTheServerShowsWithoutAServer() throws Exception {
        open();
        List<List<String>> writing = rows("board-test-writing");
        List<List<String>> running = rows("board-test-running");
        int dots = browser.findElements(By.cssSelector("#scatter circle.dot")).size();
        Path report = temp.resolve("report.html");
        HtmlReport.write(report, results, "results.json",
                Optional.of(PairedComparison.of(results, "test-writing", "agent-a", "agent-b")));
        browser.get(report.toUri().toString());
        awaitReady();
        assertThat(rows("board-test-writing")).isEqualTo(writing);
        assertThat(rows("board-test-running")).isEqualTo(running);
        assertThat(browser.findElements(By.cssSelector("#scatter circle.dot"))).hasSize(dots);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("drydock report");
        // agent-a and agent-b both ran on repo-x and repo-y
        assertThat(rows("comparison-table")).hasSize(2);
        assertThat(browser.findElement(By.id("comparison-summary")).getText()).startsWith("Mean difference")
                .contains("over 2 pairs; positive favours agent-a.");
        new Select(browser.findElement(By.id("repository"))).selectByValue("repo-y");
        awaitReady();
        assertThat(rows("board-test-writing")).hasSize(2);
        browser.findElements(By.cssSelector("#board-test-writing tbody tr")).get(0).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !rows("runs-table").isEmpty());
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void aFilterNarrowsTheTablesAndPlots() {
        open();
        new Select(browser.findElement(By.id("repository"))).selectByValue("repo-y");
        awaitReady();
        List<List<String>> writing = rows("board-test-writing");
        assertThat(writing.get(0)).startsWith("1", "agent-a", "1.0", "75.0 (one run)");
        assertThat(writing.get(1)).startsWith("2", "agent-b", "1.0", "20.0 (one run)");
        assertThat(browser.findElements(By.cssSelector("#scatter circle.dot"))).hasSize(2);
        new Select(browser.findElement(By.id("repository"))).selectByValue("");
        awaitReady();
        new Select(browser.findElement(By.id("size"))).selectByValue("small");
        awaitReady();
        assertThat(rows("board-test-writing")).extracting(row -> row.get(1) + " " + row.get(3)).containsExactly(
                "<img src=x onerror=\"window.pwned=1\"> 37.5 (one run)", "agent-a 37.5 ± 158.8", "agent-b 10.0 (one run)");
        assertThat(browser.findElements(By.cssSelector("#scatter circle.dot"))).hasSize(4);
    }

    @Test
    void aRunsFlagsAndEvidenceAreShownAsTextNeverAsPage() {
        open();
        browser.findElements(By.cssSelector("#board-test-writing tbody tr")).get(1).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !rows("runs-table").isEmpty());
        browser.findElement(By.cssSelector("#runs-table tbody tr")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("run-title")).getText().equals("Run x1"));
        WebElement flags = browser.findElement(By.id("run-flags"));
        assertThat(flags.getText()).contains("SOURCE_MODIFIED src/a.py: source file modified")
                .contains("<script>window.pwned=2</script>");
        assertThat(flags.findElements(By.tagName("img"))).isEmpty();
        assertThat(flags.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.findElement(By.id("run-facts")).getText()).contains("37.5 pp").contains("bubblewrap");
    }
}
