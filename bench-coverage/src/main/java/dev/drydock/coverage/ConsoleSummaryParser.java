package dev.drydock.coverage;

import dev.drydock.api.ReportFormatException;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestSummary;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback when a project writes no JUnit XML: the summary lines test runners print, read from
 * the test command's console output. Counts only, no test ids, so the report is not {@linkplain
 * TestReport#precise() precise}. Knows {@code cargo test} (summed over test binaries), pytest, jest,
 * vitest and Maven Surefire (summed over modules); the last runner found wins when several print.
 */
public final class ConsoleSummaryParser implements TestReportParser {
    public static final String FORMAT = "console-summary";

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CARGO = Pattern.compile(
            "^test result: \\w+\\. (\\d+) passed; (\\d+) failed; (\\d+) ignored;.*");
    private static final Pattern PYTEST = Pattern.compile(
            "^=*\\s*((?:\\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?|rerun)(?:, )?)+)"
                    + " in [\\d.]+s(?: \\([^)]*\\))?\\s*=*$");
    private static final Pattern JEST = Pattern.compile("^Tests:\\s+(.*?),?\\s*(\\d+) total$");
    private static final Pattern VITEST = Pattern.compile("^Tests\\s+(.*?)\\s*\\((\\d+)\\)$");
    private static final Pattern MAVEN = Pattern.compile(
            "^(?:\\[\\w+\\] )?Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)$");
    private static final Pattern COUNT = Pattern.compile("(\\d+) (\\w+)");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return !text.startsWith("<") && (text.contains("test result: ") || text.contains("Tests run: ")
                || text.contains(" passed") || text.contains("Tests:"));
    }

    @Override
    public TestReport parse(InputStream in, ReportSource source) {
        BoundedLineReader reader = new BoundedLineReader(in, source.name());
        Tally cargo = new Tally();
        Tally maven = new Tally();
        Optional<TestSummary> last = Optional.empty();
        try {
            String raw;
            while ((raw = reader.readLine()) != null) {
                String line = ANSI.matcher(raw).replaceAll("").strip();
                Matcher m;
                if ((m = CARGO.matcher(line)).matches()) {
                    cargo.add(n(m, 1), n(m, 2), 0, n(m, 3));
                    last = Optional.of(cargo.summary());
                } else if ((m = MAVEN.matcher(line)).matches()) {
                    int run = n(m, 1);
                    int failures = n(m, 2);
                    int errors = n(m, 3);
                    int skipped = n(m, 4);
                    maven.add(run - failures - errors - skipped, failures, errors, skipped);
                    last = Optional.of(maven.summary());
                } else if ((m = PYTEST.matcher(line)).matches()) {
                    last = Optional.of(counts(m.group(1)));
                } else if ((m = JEST.matcher(line)).matches()) {
                    last = Optional.of(counts(m.group(1)));
                } else if ((m = VITEST.matcher(line)).matches()) {
                    last = Optional.of(counts(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new ReportFormatException(source.name() + ": cannot read test output: " + e.getMessage(), e);
        } catch (CountTooLarge e) {
            throw new ReportFormatException(source.name() + ":" + reader.lineNumber() + ": " + e.getMessage());
        }
        return TestReport.ofCounts(FORMAT, last.orElseThrow(() -> new ReportFormatException(source.name()
                + ": no test summary line of cargo test, pytest, jest, vitest or Maven found in the output")));
    }

    /** "1 failed, 2 passed, 1 skipped" or "1 failed | 2 passed". */
    private static TestSummary counts(String text) {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        Matcher m = COUNT.matcher(text);
        while (m.find()) {
            int count = count(m.group(1));
            switch (m.group(2)) {
                case "passed", "xpassed" -> passed += count;
                case "failed" -> failed += count;
                case "error", "errors" -> errors += count;
                case "skipped", "xfailed", "todo", "pending" -> skipped += count;
                default -> { } // deselected, warnings: not tests that ran
            }
        }
        return new TestSummary(passed + failed + errors + skipped, passed, failed, errors, skipped);
    }

    private static int n(Matcher m, int group) {
        return count(m.group(group));
    }

    private static int count(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new CountTooLarge("a test count is too large: " + LcovParser.abbreviate(digits));
        }
    }

    private static final class CountTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CountTooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Tally {
        int passed;
        int failed;
        int errors;
        int skipped;

        void add(int passed, int failed, int errors, int skipped) {
            this.passed += Math.max(0, passed);
            this.failed += failed;
            this.errors += errors;
            this.skipped += skipped;
        }

        TestSummary summary() {
            return new TestSummary(passed + failed + errors + skipped, passed, failed, errors, skipped);
        }
    }
}
