package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ReportFormatException;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestSummary;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Summary lines as the runners print them (cargo, pytest and Maven lines copied from real runs). */
class ConsoleSummaryParserTest {
    private static TestSummary parse(String output) {
        TestReport report = new ConsoleSummaryParser().parse(
                new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), new ReportSource("output", ""));
        assertThat(report.precise()).isFalse();
        assertThat(report.tests()).isEmpty();
        return report.summary();
    }

    @Test
    void cargoTestSumsEveryTestBinary() {
        assertThat(parse("""
                running 0 tests
                test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
                running 3 tests
                test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s
                test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
                """)).isEqualTo(new TestSummary(5, 3, 1, 0, 1));
    }

    @Test
    void pytestInVerboseAndQuietForm() {
        assertThat(parse("============================== 2 passed in 0.01s ==============================="))
                .isEqualTo(new TestSummary(2, 2, 0, 0, 0));
        assertThat(parse("FAILED tests/test_bad.py::test_bad - assert False\n1 failed, 2 passed, 1 skipped in 0.02s\n"))
                .isEqualTo(new TestSummary(4, 2, 1, 0, 1));
        assertThat(parse("== 1 failed, 3 passed, 2 errors, 1 xfailed, 4 deselected, 2 warnings in 1.20s (0:00:01) =="))
                .isEqualTo(new TestSummary(7, 3, 1, 2, 1));
    }

    @Test
    void jestAndVitest() {
        assertThat(parse("Test Suites: 1 failed, 2 passed, 3 total\nTests:       1 failed, 1 skipped, 5 passed, 7 total\n"))
                .isEqualTo(new TestSummary(7, 5, 1, 0, 1));
        assertThat(parse(" \u001B[2m     Tests \u001B[22m \u001B[1m\u001B[31m1 failed\u001B[39m\u001B[22m | \u001B[1m\u001B[32m2 passed"
                + "\u001B[39m\u001B[22m\u001B[90m (3)\u001B[39m\n")).isEqualTo(new TestSummary(3, 2, 1, 0, 0));
    }

    @Test
    void mavenSumsModuleTotalsButNotPerClassLines() {
        assertThat(parse("""
                [INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.086 s -- in demo.ShapesTest
                [INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0
                [ERROR] Tests run: 6, Failures: 1, Errors: 1, Skipped: 2
                """)).isEqualTo(new TestSummary(7, 3, 1, 1, 2));
    }

    @Test
    void outputWithoutASummaryIsAnError() {
        assertThatThrownBy(() -> parse("compiling...\nsegmentation fault\n"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessage("output: no test summary line of cargo test, pytest, jest, vitest or Maven found in the output");
    }
}
