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

    private static Measurement withLoadErrors(Measurement measurement, String... modules) {
        TestReport tests = measurement.tests().orElseThrow();
        return new Measurement(measurement.coverage(),
                Optional.of(new TestReport("junit", tests.tests(), Optional.empty(), List.of(modules))), measurement.duration());
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

    @Test
    void aTestModuleThatNoLongerLoadsIsBrokenNotRemovedAndANewOneIsLeftOutByModule() {
        // one unimportable new test file once read as "297 baseline tests removed": pytest stopped at
        // collection; with --continue-on-collection-errors the rest runs and the module is a load error
        Measurement baseline = measured(1, Map.of("tests.test_a::test_x", TestStatus.PASSED,
                "tests.test_b::test_y", TestStatus.PASSED));
        Measurement after = withLoadErrors(measured(2, Map.of("tests.test_b::test_y", TestStatus.PASSED)),
                "tests.test_a", "tests.test_new");

        TestWritingOutcome outcome = TestWritingJudge.judge(evidence(baseline, List.of(after), List.of(),
                AssertionCheck.Result.NONE));

        assertThat(outcome.tests().removed()).isEmpty();
        assertThat(outcome.tests().nowFailing()).containsExactly("tests.test_a::test_x");
        assertThat(TestWritingJudge.newLoadErrors(baseline, List.of(after))).containsExactly("tests.test_a", "tests.test_new");
        assertThat(outcome.violations()).filteredOn(v -> v.kind() == Violation.Kind.TEST_LOAD_ERROR)
                .extracting(Violation::subject).containsExactly("tests.test_a", "tests.test_new");
    }

    @Test
    void aBaselineWhoseTestsDoNotLoadOrThatDoesNotMeasureTheTargetIsNoBaseline() {
        Measurement nothingLoads = withLoadErrors(measured(0, Map.of()), "tests.test_a", "tests.test_b");
        assertThat(TestWritingJudge.baselineProblem(nothingLoads, Optional.of("src/a.py"))).hasValueSatisfying(error ->
                assertThat(error.message()).contains("every test module failed to load (2: tests.test_a, tests.test_b)")
                        .contains("install the project and its test dependencies"));

        Measurement fine = measured(1, Map.of("t::old", TestStatus.PASSED));
        assertThat(TestWritingJudge.baselineProblem(fine, Optional.of("src/a.py"))).isEmpty();
        assertThat(TestWritingJudge.baselineProblem(fine, Optional.of("src/elsewhere.py"))).hasValueSatisfying(error ->
                assertThat(error.message()).isEqualTo("the coverage report does not measure the target src/elsewhere.py"
                        + " (it measures 1 source file(s): src/a.py)"));

        // some modules of the baseline do not load: a warning on the run, not an error
        Measurement partly = withLoadErrors(measured(1, Map.of("t::old", TestStatus.PASSED)), "tests.test_optional");
        assertThat(TestWritingJudge.baselineProblem(partly, Optional.of("src/a.py"))).isEmpty();
        assertThat(TestWritingJudge.judge(evidence(partly, List.of(partly), List.of(), AssertionCheck.Result.NONE)).violations())
                .extracting(Violation::kind).containsExactly(Violation.Kind.TEST_LOAD_ERROR);
    }

    @Test
    void onlySourceFilesCountTowardsTheDenominator() {
        FileCoverage source = FileCoverage.builder("pkg/a.py").line(1, 1).line(2, 0).build();
        FileCoverage test = FileCoverage.builder("tests/test_a.py").line(1, 1).line(2, 1).build();
        FileCoverage setup = FileCoverage.builder("setup.py").line(1, 1).build();
        Measurement all = new Measurement(CoverageReport.of("cobertura", List.of(source, test, setup)), Optional.empty(),
                Duration.ZERO);
        ChangeClassifier python = new ChangeClassifier(List.of("tests/**", "test_*.py"), List.of("setup.py"), List.of(),
                List.of("*.py"));
        assertThat(all.sourceOnly(python).coverage().files()).containsOnlyKeys("pkg/a.py");
        assertThat(all.sourceOnly(python).coverage().summary().linesTotal()).isEqualTo(2);
    }
}
