package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed test report (JUnit XML or similar): every test case in report order. */
public record TestReport(String format, List<TestCase> tests) {
    public TestReport {
        requireNonNull(format, "format is null");
        tests = List.copyOf(requireNonNull(tests, "tests is null"));
    }

    public TestSummary summary() {
        return TestSummary.of(tests);
    }
}
