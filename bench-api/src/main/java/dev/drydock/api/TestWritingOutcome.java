package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The measurements of a test-writing run: the seed's four measures but tokens (those are in
 * {@link RunResult#usage()}). Everything "after" was measured in a fresh workspace at the baseline
 * commit with only the agent's test changes applied.
 *
 * @param coverageBefore baseline totals of the whole project
 * @param coverageAfter totals after the agent; empty when the coverage command produced no report
 * @param targetBefore baseline totals of the target file; empty when the run has no target or the
 *     report does not list it
 * @param targetAfter the target file after the agent
 * @param delta newly covered and lost lines and branches, counted on the baseline's files, lines and branches only
 * @param targetDelta the same for the target file alone
 * @param testsBefore baseline test counts
 * @param testsAfter test counts after the agent; empty when no test report was produced
 * @param testsPrecise whether both test reports named their tests (JUnit XML); when only a runner's
 *     summary line was read, counts are known but {@code tests} lists nothing
 * @param tests what happened to the tests, by id
 * @param modifications what the agent changed, from {@code git diff}, by file and category
 * @param violations what the agent did that games or breaks the measurement, with evidence
 * @param efficiency newly covered lines per 1k tokens and per dollar
 */
public record TestWritingOutcome(
        CoverageSummary coverageBefore,
        Optional<CoverageSummary> coverageAfter,
        Optional<CoverageSummary> targetBefore,
        Optional<CoverageSummary> targetAfter,
        Optional<CoverageDelta> delta,
        Optional<CoverageDelta> targetDelta,
        TestSummary testsBefore,
        Optional<TestSummary> testsAfter,
        boolean testsPrecise,
        TestAccounting tests,
        Modifications modifications,
        List<Violation> violations,
        Efficiency efficiency) {
    public TestWritingOutcome {
        requireNonNull(coverageBefore, "coverageBefore is null");
        requireNonNull(coverageAfter, "coverageAfter is null");
        requireNonNull(targetBefore, "targetBefore is null");
        requireNonNull(targetAfter, "targetAfter is null");
        requireNonNull(delta, "delta is null");
        requireNonNull(targetDelta, "targetDelta is null");
        requireNonNull(testsBefore, "testsBefore is null");
        requireNonNull(testsAfter, "testsAfter is null");
        requireNonNull(tests, "tests is null");
        requireNonNull(modifications, "modifications is null");
        violations = List.copyOf(requireNonNull(violations, "violations is null"));
        requireNonNull(efficiency, "efficiency is null");
    }
}
