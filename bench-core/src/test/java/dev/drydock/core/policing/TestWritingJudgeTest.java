package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.Modifications;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.api.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test-writing verdict from measured values alone. */
class TestWritingJudgeTest {
    private static Measurement measured(int coveredLines, Map<String, TestStatus> tests) {
        FileCoverage.Builder file = FileCoverage.builder("src/a.py");
        for (int line = 1; line <= 4; line++) {
            file.line(line, line <= coveredLines ? 1 : 0);
        }
        List<TestCase> cases = tests.entrySet().stream().map(e -> new TestCase(e.getKey(), e.getValue(), Duration.ZERO)).toList();
        return new Measurement(CoverageReport.of("lcov", List.of(file.build())),
                Optional.of(new TestReport("junit", cases, Optional.empty())), Duration.ofSeconds(1));
    }

    private static TestWritingJudge.Evidence evidence(Measurement baseline, List<Measurement> runs, List<Violation> violations,
            AssertionCheck.Result assertions) {
        return new TestWritingJudge.Evidence(Optional.of("src/a.py"), baseline, runs, Optional.empty(), false,
                Modifications.NONE, violations, assertions, Usage.ZERO, Optional.empty());
    }

    @Test
    void newlyCoveredBaselineLinesAreTheGainAndNewTestsAreAccountedById() {
        Measurement baseline = measured(1, Map.of("t::old", TestStatus.PASSED));
        Measurement after = measured(3, Map.of("t::old", TestStatus.PASSED, "t::new", TestStatus.PASSED));

        TestWritingOutcome outcome = TestWritingJudge.judge(evidence(baseline, List.of(after), List.of(), AssertionCheck.Result.NONE));

        assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).isEqualTo(2);
        assertThat(outcome.targetDelta().orElseThrow().newlyCoveredLines()).isEqualTo(2);
        assertThat(outcome.tests().added()).containsExactly("t::new");
        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void aTamperedReplayGainsNothingButKeepsItsEvidence() {
        Measurement baseline = measured(1, Map.of("t::old", TestStatus.PASSED));
        Measurement after = measured(4, Map.of("t::old", TestStatus.PASSED, "t::new", TestStatus.PASSED));
        Violation tampered = TamperCheck.replay(Map.of("src/a.py", "@@ -1 +1 @@\n-x\n+y\n")).get(0);

        TestWritingOutcome outcome = TestWritingJudge.judge(evidence(baseline, List.of(after), List.of(tampered),
                AssertionCheck.Result.NONE));

        assertThat(outcome.delta()).isEmpty();
        assertThat(outcome.coverageAfter()).isEmpty();
        assertThat(outcome.targetDelta()).isEmpty();
        assertThat(outcome.violations()).containsExactly(tampered);
    }

    @Test
    void assertionFreeTestsAreFlaggedWithWhyAndFailingNewTestsAreLeftOut() {
        Measurement baseline = measured(1, Map.of("t::old", TestStatus.PASSED));
        Measurement first = measured(2, Map.of("t::old", TestStatus.PASSED, "t::free", TestStatus.PASSED, "t::bad", TestStatus.FAILED));
        AssertionCheck.Result assertions = new AssertionCheck.Result(2, List.of("t.py::free"),
                Map.of("t.py::free", "only constant assertions: assert True"));

        TestWritingOutcome outcome = TestWritingJudge.judge(evidence(baseline, List.of(first), List.of(), assertions));

        assertThat(TestWritingJudge.excludedNewTests(baseline, List.of(first))).containsExactly("t::bad");
        assertThat(outcome.violations()).extracting(Violation::kind)
                .containsExactlyInAnyOrder(Violation.Kind.NEW_TEST_FAILING, Violation.Kind.ASSERTION_FREE_TEST);
        assertThat(outcome.violations()).filteredOn(v -> v.kind() == Violation.Kind.ASSERTION_FREE_TEST)
                .singleElement().satisfies(v -> assertThat(v.evidence()).contains("assert True"));
    }
}
