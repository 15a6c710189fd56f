package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A parsed test report. A precise report (JUnit XML) lists every test case; a report read from a
 * test runner's summary line has counts only ({@code counts}) and no test ids.
 *
 * @param format the parser's format name
 * @param tests every test case in report order; empty for a counts-only report
 * @param counts the runner's own totals, for a report without test cases
 * @param loadErrors test files or modules that failed to load (a collection or import error), as the
 *     report names them ({@code tests.test_parser} for pytest): their tests did not run, and they are
 *     not test cases
 */
public record TestReport(String format, List<TestCase> tests, Optional<TestSummary> counts, List<String> loadErrors) {
    public TestReport {
        requireNonNull(format, "format is null");
        tests = List.copyOf(requireNonNull(tests, "tests is null"));
        requireNonNull(counts, "counts is null");
        loadErrors = List.copyOf(requireNonNull(loadErrors, "loadErrors is null"));
        if (counts.isPresent() && !tests.isEmpty()) {
            throw new IllegalArgumentException("a report has test cases or counts, not both");
        }
    }

    public TestReport(String format, List<TestCase> tests, Optional<TestSummary> counts) {
        this(format, tests, counts, List.of());
    }

    public TestReport(String format, List<TestCase> tests) {
        this(format, tests, Optional.empty());
    }

    /**
     * Whether a test id belongs to a file or module that failed to load: pytest names a module
     * {@code tests.test_x} and its tests {@code tests.test_x::test_y} or {@code tests.test_x.TestC::test_y}.
     */
    public boolean inLoadError(String testId) {
        return loadErrors.stream().anyMatch(module -> testId.startsWith(module + "::") || testId.startsWith(module + "."));
    }

    public static TestReport ofCounts(String format, TestSummary counts) {
        return new TestReport(format, List.of(), Optional.of(counts));
    }

    /** Whether the report names its tests (so tests added and removed can be told). */
    public boolean precise() {
        return counts.isEmpty();
    }

    public TestSummary summary() {
        return counts.orElseGet(() -> TestSummary.of(tests));
    }
}
