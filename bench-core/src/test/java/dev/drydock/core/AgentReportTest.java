package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.TestRunningOutcome.AgentClaim;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentReportTest {
    private static AgentReport.Parsed parse(String json) {
        return AgentReport.parse(".drydock/report.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryFieldAndNormalisesFrameworkNames() {
        AgentReport.Parsed parsed = parse("""
                {"has_tests": true, "needs_services": false, "frameworks": ["JUnit-Jupiter", " node --test ", "pytest"],
                 "coverage_report": "target/site/jacoco/jacoco.xml", "coverage_format": "jacoco",
                 "test_report": null, "lines_covered": 8, "lines_total": 32, "tests_run": 2, "tests_passed": 2,
                 "notes": "mvn test", "extra": "ignored"}
                """);
        assertThat(parsed.problem()).isEmpty();
        AgentClaim claim = parsed.claim().orElseThrow();
        assertThat(claim.hasTests()).isTrue();
        assertThat(claim.frameworks()).containsExactly("junit5", "node:test", "pytest");
        assertThat(claim.coverageReport()).contains("target/site/jacoco/jacoco.xml");
        assertThat(claim.coverageFormat()).contains("jacoco");
        assertThat(claim.testReport()).isEmpty();
        assertThat(claim.linesCovered()).contains(8L);
        assertThat(claim.linesTotal()).contains(32L);
        assertThat(claim.testsRun()).contains(2);
        assertThat(claim.notes()).isEqualTo("mvn test");
    }

    @Test
    void aReportWithoutTestsNeedsOnlyHasTests() {
        AgentClaim claim = parse("{\"has_tests\": false}").claim().orElseThrow();
        assertThat(claim.hasTests()).isFalse();
        assertThat(claim.frameworks()).isEmpty();
        assertThat(claim.linesCovered()).isEmpty();
    }

    @Test
    void everyWrongFieldIsNamed() {
        AgentReport.Parsed parsed = parse("""
                {"has_tests": "yes", "frameworks": "pytest", "lines_covered": 40, "lines_total": 30, "tests_run": -1,
                 "coverage_report": 7}
                """);
        assertThat(parsed.claim()).isEmpty();
        assertThat(parsed.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(".drydock/report.json: ")
                .contains("has_tests must be true or false")
                .contains("frameworks must be a list of names")
                .contains("lines_covered (40) exceeds lines_total (30)")
                .contains("tests_run must be a whole number")
                .contains("coverage_report must be a string"));
    }

    @Test
    void brokenJsonIsReportedWithItsPosition() {
        assertThat(parse("{\"has_tests\": true,\n \"frameworks\": [pytest]}").problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("not valid JSON at line 2"));
        assertThat(parse("[1, 2]").problem()).contains(".drydock/report.json: expected a JSON object");
        assertThat(parse("{\"has_tests\": true, \"has_tests\": false}").problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("Duplicate field 'has_tests'"));
    }

    @Test
    void anOversizedReportIsRejectedUnread() {
        byte[] huge = new byte[AgentReport.MAX_BYTES + 1];
        assertThat(AgentReport.parse("r.json", huge).problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("more than the 1048576 a report may have"));
    }
}
