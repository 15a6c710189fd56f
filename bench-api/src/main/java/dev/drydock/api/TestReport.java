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
 */
public record TestReport(String format, List<TestCase> tests, Optional<TestSummary> counts) {
    public TestReport {
        requireNonNull(format, "format is null");
        tests = List.copyOf(requireNonNull(tests, "tests is null"));
        requireNonNull(counts, "counts is null");
        if (counts.isPresent() && !tests.isEmpty()) {
            throw new IllegalArgumentException("a report has test cases or counts, not both");
        }
    }

    public TestReport(String format, List<TestCase> tests) {
        this(format, tests, Optional.empty());
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
