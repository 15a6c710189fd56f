package dev.drydock.core.policing;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.TestReport;
import java.time.Duration;
import java.util.Optional;

/** One coverage run: the parsed coverage report, the test report if there was one, how long it took. */
public record Measurement(CoverageReport coverage, Optional<TestReport> tests, Duration duration) {
    public Measurement {
        requireNonNull(coverage, "coverage is null");
        requireNonNull(tests, "tests is null");
        requireNonNull(duration, "duration is null");
    }
}
