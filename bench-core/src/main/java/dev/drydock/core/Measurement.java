package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.TestReport;
import dev.drydock.spi.ExecResult;
import java.util.Optional;

/** One coverage run: the parsed coverage report, the test report if one was written, and the command's result. */
record Measurement(CoverageReport coverage, Optional<TestReport> tests, ExecResult command) {
    Measurement {
        requireNonNull(coverage, "coverage is null");
        requireNonNull(tests, "tests is null");
        requireNonNull(command, "command is null");
    }
}
