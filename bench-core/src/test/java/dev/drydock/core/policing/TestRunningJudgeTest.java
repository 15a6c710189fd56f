package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.CommandRecord;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.FileChange;
import dev.drydock.api.Modifications;
import dev.drydock.api.TestRunningOutcome.AgentClaim;
import dev.drydock.api.TestRunningOutcome.GroundTruth;
import dev.drydock.api.TestRunningOutcome.Reference;
import dev.drydock.api.TestRunningOutcome.Score;
import dev.drydock.api.TestSummary;
import dev.drydock.api.Violation;
import dev.drydock.api.Violation.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestRunningJudgeTest {
    private static final GroundTruth PYTEST = new GroundTruth(true, false, List.of("pytest"));
    private static final Optional<Reference> REFERENCE = Optional.of(new Reference("c0ffee",
            new TestSummary(10, 10, 0, 0, 0), new CoverageSummary(50, 100, 0, 0), 1000, "lock"));
    private static final CommandRecord OK = new CommandRecord(Optional.of(0), false, Duration.ofSeconds(1), "", "", 0);

    private static AgentClaim claim(boolean hasTests, List<String> frameworks, long covered, long total, int run, int passed) {
        return new AgentClaim(hasTests, false, frameworks, Optional.of("c.xml"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(covered), Optional.of(total), Optional.of(run), Optional.of(passed), "");
    }

    private static TestRunningJudge.Replay replay(TestSummary tests, CoverageSummary coverage, FileChange... changes) {
        return new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK), Optional.of(coverage), Optional.of(tests),
                new Modifications(List.of(changes)));
    }

    private static List<Kind> kinds(TestRunningJudge.Verdict verdict) {
        return verdict.flags().stream().map(Violation::kind).toList();
    }

    @Test
    void aRecipeThatMatchesTheReferenceWithinToleranceScoresFull() {
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 48, 100, 9, 9)),
                replay(new TestSummary(9, 9, 0, 0, 0), new CoverageSummary(46, 100, 0, 0)), REFERENCE, 0.1);
        assertThat(verdict.flags()).isEmpty();
        assertThat(verdict.score()).isEqualTo(new Score(true, Optional.of(true), Optional.of(true), Optional.of(true), 100));
    }

    @Test
    void beyondToleranceOfTheReferenceTheComponentFailsWithoutAFlag() {
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 30, 100, 8, 8)),
                replay(new TestSummary(8, 8, 0, 0, 0), new CoverageSummary(30, 100, 0, 0)), REFERENCE, 0.1);
        assertThat(verdict.flags()).isEmpty();
        assertThat(verdict.score()).isEqualTo(new Score(true, Optional.of(true), Optional.of(false), Optional.of(false), 50));
    }

    @Test
    void claimsFarFromTheMeasurementAreFlagged() {
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 100, 100, 10, 10)),
                replay(new TestSummary(10, 7, 3, 0, 0), new CoverageSummary(50, 100, 0, 0)), REFERENCE, 0.1);
        assertThat(kinds(verdict)).containsExactly(Kind.TESTS_CLAIM_GAP, Kind.COVERAGE_CLAIM_GAP);
        assertThat(verdict.flags().get(1).message()).isEqualTo("claims 100 of 100 lines covered; measured 50 of 100 (50.0%)");
        assertThat(TestRunningJudge.claimGap(claim(true, List.of(), 100, 100, 0, 0), new CoverageSummary(50, 100, 0, 0)))
                .contains(50.0);
    }

    @Test
    void missingClaimsEarnNothingButAreNotFlagged() {
        AgentClaim silent = new AgentClaim(true, false, List.of("pytest"), Optional.of("c.xml"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "");
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST, Optional.of(silent),
                replay(new TestSummary(10, 10, 0, 0, 0), new CoverageSummary(50, 100, 0, 0)), REFERENCE, 0.1);
        assertThat(verdict.flags()).isEmpty();
        assertThat(verdict.score().percent()).isEqualTo(50);
    }

    @Test
    void noTestsOrOnlySkippedTestsAreFlagged() {
        Optional<AgentClaim> claim = Optional.of(claim(true, List.of("pytest"), 0, 100, 0, 0));
        assertThat(kinds(TestRunningJudge.judge(PYTEST, claim,
                replay(TestSummary.EMPTY, new CoverageSummary(0, 100, 0, 0)), REFERENCE, 0.1)))
                .contains(Kind.NO_TESTS_RUN);
        assertThat(kinds(TestRunningJudge.judge(PYTEST, claim,
                replay(new TestSummary(10, 0, 0, 0, 10), new CoverageSummary(0, 100, 0, 0)), REFERENCE, 0.1)))
                .contains(Kind.ALL_TESTS_SKIPPED);
    }

    @Test
    void scriptsThatChangeTestsOrTheirConfigurationScoreNothing() {
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 50, 100, 10, 10)),
                replay(new TestSummary(10, 10, 0, 0, 0), new CoverageSummary(50, 100, 0, 0),
                        new FileChange("tests/test_a.py", FileChange.Kind.MODIFIED, FileChange.Category.TEST, 1, 1, false),
                        new FileChange(".coveragerc", FileChange.Kind.ADDED, FileChange.Category.CONFIG, 2, 0, false),
                        new FileChange("coverage.xml", FileChange.Kind.ADDED, FileChange.Category.OTHER, 9, 0, false)),
                REFERENCE, 0.1);
        assertThat(kinds(verdict)).containsExactly(Kind.TESTS_MODIFIED, Kind.CONFIG_MODIFIED);
        assertThat(verdict.score().percent()).isZero();
    }

    @Test
    void detectionComparesHasTestsServicesAndKnownFrameworks() {
        assertThat(TestRunningJudge.judge(PYTEST, Optional.of(claim(false, List.of(), 0, 0, 0, 0)),
                TestRunningJudge.Replay.NONE, REFERENCE, 0.1).flags())
                .singleElement().satisfies(v -> assertThat(v.message()).isEqualTo("claims no tests, the repository has tests"));
        assertThat(TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest", "coverage.py"), 0, 0, 0, 0)),
                TestRunningJudge.Replay.NONE, REFERENCE, 0.1).score().detection())
                .as("names that are not test frameworks do not matter").isTrue();
        assertThat(TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest", "unittest"), 0, 0, 0, 0)),
                TestRunningJudge.Replay.NONE, REFERENCE, 0.1).flags())
                .singleElement().satisfies(v -> assertThat(v.message()).contains("does not use: unittest"));
    }

    @Test
    void withoutTestsOrWithServicesOnlyDetectionCounts() {
        GroundTruth noTests = new GroundTruth(false, false, List.of());
        assertThat(TestRunningJudge.judge(noTests, Optional.of(claim(false, List.of(), 0, 0, 0, 0)),
                TestRunningJudge.Replay.NONE, Optional.empty(), 0.1).score())
                .isEqualTo(new Score(true, Optional.empty(), Optional.empty(), Optional.empty(), 100));
        assertThat(TestRunningJudge.judge(noTests, Optional.empty(), TestRunningJudge.Replay.NONE, Optional.empty(), 0.1)
                .score().percent()).isZero();
        GroundTruth services = new GroundTruth(true, true, List.of("pytest"));
        AgentClaim needsServices = new AgentClaim(true, true, List.of("pytest"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "");
        assertThat(TestRunningJudge.judge(services, Optional.of(needsServices), TestRunningJudge.Replay.NONE,
                Optional.empty(), 0.1).score().percent()).isEqualTo(100);
    }

    @Test
    void aReportOverOtherFilesThanTheReferenceFailsCoverageWithTheDifferenceNamed() {
        // the shape seen on a real project: its coverage configuration's source named its tests, so a
        // recipe that trusted it measured only test files, all covered
        Optional<Reference> reference = Optional.of(new Reference("c0ffee", new TestSummary(10, 10, 0, 0, 0),
                new CoverageSummary(50, 100, 0, 0), 1000, "lock", List.of("pkg/a.py", "pkg/b.py", "pkg/c.py")));
        TestRunningJudge.Replay onlyTests = new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK),
                Optional.of(new CoverageSummary(50, 100, 0, 0)), Optional.of(new TestSummary(10, 10, 0, 0, 0)), Modifications.NONE,
                List.of("tests/test_a.py", "tests/test_b.py"), List.of());
        // the same percentage as the reference: only the files tell them apart
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST,
                Optional.of(claim(true, List.of("pytest"), 50, 100, 10, 10)), onlyTests, reference, 0.1);
        assertThat(kinds(verdict)).containsExactly(Kind.COVERAGE_FILES);
        Violation flag = verdict.flags().get(0);
        assertThat(flag.message()).contains("misses 3 of the reference's 3 source files (pkg/a.py, pkg/b.py, pkg/c.py)")
                .contains("measures 2 file(s) the reference does not (tests/test_a.py, tests/test_b.py)");
        assertThat(flag.evidence()).isEqualTo("- pkg/a.py\n- pkg/b.py\n- pkg/c.py\n+ tests/test_a.py\n+ tests/test_b.py");
        assertThat(verdict.score().coverage()).contains(false);

        // the same files (an empty __init__.py aside, which has no lines and is not listed): comparable
        TestRunningJudge.Replay same = new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK),
                Optional.of(new CoverageSummary(50, 100, 0, 0)), Optional.of(new TestSummary(10, 10, 0, 0, 0)), Modifications.NONE,
                List.of("pkg/a.py", "pkg/b.py", "pkg/c.py"), List.of());
        TestRunningJudge.Verdict fine = TestRunningJudge.judge(PYTEST,
                Optional.of(claim(true, List.of("pytest"), 50, 100, 10, 10)), same, reference, 0.1);
        assertThat(fine.flags()).isEmpty();
        assertThat(fine.score().coverage()).contains(true);
        // a reference from an old lock has no files: nothing to compare, no flag
        assertThat(TestRunningJudge.otherFiles(REFERENCE.get(), List.of("anything.py"), 0.1)).isEmpty();
    }

    @Test
    void testModulesThatFailedToLoadAreNotTestsRunAndAreNamed() {
        TestRunningJudge.Replay nothingLoaded = new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK),
                Optional.of(new CoverageSummary(5, 100, 0, 0)), Optional.of(TestSummary.EMPTY), Modifications.NONE,
                List.of(), List.of("tests.test_a", "tests.test_b"));
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(PYTEST,
                Optional.of(claim(true, List.of("pytest"), 5, 100, 0, 0)), nothingLoaded, REFERENCE, 0.1);
        assertThat(kinds(verdict)).containsExactly(Kind.NO_TESTS_RUN);
        assertThat(verdict.flags().get(0).message()).endsWith("2 test module(s) failed to load: tests.test_a, tests.test_b");
        assertThat(verdict.score().tests()).contains(false);

        TestRunningJudge.Replay someLoaded = new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK),
                Optional.of(new CoverageSummary(50, 100, 0, 0)), Optional.of(new TestSummary(10, 10, 0, 0, 0)), Modifications.NONE,
                List.of(), List.of("tests.test_c"));
        assertThat(kinds(TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 50, 100, 10, 10)),
                someLoaded, REFERENCE, 0.1))).containsExactly(Kind.TEST_LOAD_ERROR);

        // a load error does not hide that everything that did load was skipped
        TestRunningJudge.Replay skippedAndUnloaded = new TestRunningJudge.Replay(Optional.of(OK), Optional.of(OK),
                Optional.of(new CoverageSummary(5, 100, 0, 0)), Optional.of(new TestSummary(3, 0, 0, 0, 3)), Modifications.NONE,
                List.of(), List.of("tests.test_c"));
        assertThat(kinds(TestRunningJudge.judge(PYTEST, Optional.of(claim(true, List.of("pytest"), 5, 100, 0, 0)),
                skippedAndUnloaded, REFERENCE, 0.1))).contains(Kind.ALL_TESTS_SKIPPED, Kind.TEST_LOAD_ERROR);
    }
}
