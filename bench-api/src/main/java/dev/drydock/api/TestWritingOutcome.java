package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The measurements of a test-writing run: the seed's four measures but tokens (those are in
 * {@link RunResult#usage()}).
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
 *     summary line was read, counts are known but {@code testsAdded} and {@code testsRemoved} are empty
 * @param testsAdded ids of tests present after but not before
 * @param testsRemoved ids of tests present before but not after
 * @param modifications what the agent changed, from {@code git diff}
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
        List<String> testsAdded,
        List<String> testsRemoved,
        Modifications modifications) {
    public TestWritingOutcome {
        requireNonNull(coverageBefore, "coverageBefore is null");
        requireNonNull(coverageAfter, "coverageAfter is null");
        requireNonNull(targetBefore, "targetBefore is null");
        requireNonNull(targetAfter, "targetAfter is null");
        requireNonNull(delta, "delta is null");
        requireNonNull(targetDelta, "targetDelta is null");
        requireNonNull(testsBefore, "testsBefore is null");
        requireNonNull(testsAfter, "testsAfter is null");
        testsAdded = List.copyOf(requireNonNull(testsAdded, "testsAdded is null"));
        testsRemoved = List.copyOf(requireNonNull(testsRemoved, "testsRemoved is null"));
        requireNonNull(modifications, "modifications is null");
    }
}
