package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The measurements of a test-running run. The agent's scripts were replayed in a fresh workspace at
 * the same commit; everything "measured" was parsed by drydock from the reports those scripts wrote,
 * never taken from the agent's own numbers, which are kept in {@code claim} for comparison.
 *
 * @param expected the repository's ground-truth label
 * @param claim what the agent's {@code report.json} says; empty when it is missing or invalid
 * @param claimProblem why {@code claim} is empty, for people
 * @param setup the replayed {@code setup.sh}; empty when it was not replayed
 * @param test the replayed {@code test.sh}; empty when it was not replayed
 * @param coverage the coverage totals drydock measured from the report the scripts wrote
 * @param tests the test counts drydock measured (test report, else the runner's summary line)
 * @param measurementProblem why {@code coverage} or {@code tests} is missing, for people
 * @param reference the repository's reference run, from the calibration lock file or measured for this suite
 * @param scriptChanges what the replayed scripts changed in the project, by file and category
 * @param flags policing findings, with evidence
 * @param score the points earned, component by component
 */
public record TestRunningOutcome(
        GroundTruth expected,
        Optional<AgentClaim> claim,
        Optional<String> claimProblem,
        Optional<CommandRecord> setup,
        Optional<CommandRecord> test,
        Optional<CoverageSummary> coverage,
        Optional<TestSummary> tests,
        Optional<String> measurementProblem,
        Optional<Reference> reference,
        Modifications scriptChanges,
        List<Violation> flags,
        Score score) {
    public TestRunningOutcome {
        requireNonNull(expected, "expected is null");
        requireNonNull(claim, "claim is null");
        requireNonNull(claimProblem, "claimProblem is null");
        requireNonNull(setup, "setup is null");
        requireNonNull(test, "test is null");
        requireNonNull(coverage, "coverage is null");
        requireNonNull(tests, "tests is null");
        requireNonNull(measurementProblem, "measurementProblem is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(scriptChanges, "scriptChanges is null");
        flags = List.copyOf(requireNonNull(flags, "flags is null"));
        requireNonNull(score, "score is null");
    }

    /**
     * A repository's ground-truth label.
     *
     * @param hasTests whether the repository has tests
     * @param needsServices whether its tests need services (a database, a network) to run
     * @param frameworks its test frameworks, lower case ({@code pytest}, {@code junit5}, ...)
     */
    public record GroundTruth(boolean hasTests, boolean needsServices, List<String> frameworks) {
        public GroundTruth {
            frameworks = List.copyOf(requireNonNull(frameworks, "frameworks is null"));
        }
    }

    /**
     * The agent's {@code report.json}.
     *
     * @param hasTests whether it says the repository has tests
     * @param needsServices whether it says the tests need services
     * @param frameworks the frameworks it names
     * @param coverageReport where its test script writes coverage, project-relative
     * @param coverageFormat that report's format; detected from its content when absent
     * @param testReport where its test script writes a test report (JUnit XML), if anywhere
     * @param testReportFormat that report's format
     * @param linesCovered the covered lines it claims
     * @param linesTotal the executable lines it claims
     * @param testsRun the tests it claims ran (not skipped)
     * @param testsPassed the tests it claims passed
     * @param notes free text
     */
    public record AgentClaim(
            boolean hasTests,
            boolean needsServices,
            List<String> frameworks,
            Optional<String> coverageReport,
            Optional<String> coverageFormat,
            Optional<String> testReport,
            Optional<String> testReportFormat,
            Optional<Long> linesCovered,
            Optional<Long> linesTotal,
            Optional<Integer> testsRun,
            Optional<Integer> testsPassed,
            String notes) {
        public AgentClaim {
            frameworks = List.copyOf(requireNonNull(frameworks, "frameworks is null"));
            requireNonNull(coverageReport, "coverageReport is null");
            requireNonNull(coverageFormat, "coverageFormat is null");
            requireNonNull(testReport, "testReport is null");
            requireNonNull(testReportFormat, "testReportFormat is null");
            requireNonNull(linesCovered, "linesCovered is null");
            requireNonNull(linesTotal, "linesTotal is null");
            requireNonNull(testsRun, "testsRun is null");
            requireNonNull(testsPassed, "testsPassed is null");
            requireNonNull(notes, "notes is null");
        }
    }

    /**
     * The repository's reference run: its own recipe (setup, coverage command), measured by drydock.
     *
     * @param commit the commit it was measured at
     * @param tests its test counts
     * @param coverage its coverage totals
     * @param durationMillis how long the coverage command took
     * @param source {@code lock} (from {@code drydock calibrate}) or {@code measured} (during this suite)
     * @param files the source files its coverage report measured (with executable lines), project-relative,
     *     sorted; empty when unknown (a lock written before version 4)
     */
    public record Reference(String commit, TestSummary tests, CoverageSummary coverage, long durationMillis, String source,
            List<String> files) {
        public Reference {
            requireNonNull(commit, "commit is null");
            requireNonNull(tests, "tests is null");
            requireNonNull(coverage, "coverage is null");
            requireNonNull(source, "source is null");
            // results before schema version 4 have no files: read as none
            files = files == null ? List.of() : List.copyOf(files);
        }

        public Reference(String commit, TestSummary tests, CoverageSummary coverage, long durationMillis, String source) {
            this(commit, tests, coverage, durationMillis, source, List.of());
        }
    }

    /**
     * Points by component; a component is empty where it does not apply (a repository without tests
     * scores on detection alone). A policing flag voids the component it concerns; a script that
     * changed tests or their configuration voids them all.
     *
     * @param detection has-tests, needs-services and frameworks all match the label
     * @param setup the replayed {@code setup.sh} exited 0 within its time limit
     * @param tests the replayed {@code test.sh} ran and passed as many tests as the reference, within tolerance
     * @param coverage drydock measured coverage from the produced report, within tolerance of the
     *     reference, and the agent's claim within tolerance of it
     * @param percent the components that passed, out of those that apply, as 0–100
     */
    public record Score(boolean detection, Optional<Boolean> setup, Optional<Boolean> tests, Optional<Boolean> coverage,
            int percent) {
        public Score {
            requireNonNull(setup, "setup is null");
            requireNonNull(tests, "tests is null");
            requireNonNull(coverage, "coverage is null");
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must lie in [0, 100] but is " + percent);
            }
        }
    }
}
