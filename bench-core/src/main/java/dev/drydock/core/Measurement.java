package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.TestReport;
import java.util.Optional;

/** One coverage run: the parsed coverage report, and the test report if there was one. */
record Measurement(CoverageReport coverage, Optional<TestReport> tests) {
    Measurement {
        requireNonNull(coverage, "coverage is null");
        requireNonNull(tests, "tests is null");
    }
}
