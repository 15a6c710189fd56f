package dev.drydock.core.policing;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileChange;
import dev.drydock.api.TestReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** One coverage run: the parsed coverage report, the test report if there was one, how long it took. */
public record Measurement(CoverageReport coverage, Optional<TestReport> tests, Duration duration) {
    public Measurement {
        requireNonNull(coverage, "coverage is null");
        requireNonNull(tests, "tests is null");
        requireNonNull(duration, "duration is null");
    }

    /**
     * The same run counting only the project's source files: a report that also measured tests,
     * examples or configuration (a project's own coverage settings can make it) would otherwise put
     * them in the denominator.
     */
    public Measurement sourceOnly(ChangeClassifier classifier) {
        var files = new TreeMap<>(coverage.files());
        files.keySet().removeIf(path -> classifier.classify(path) != FileChange.Category.SOURCE);
        return files.size() == coverage.files().size() ? this
                : new Measurement(new CoverageReport(coverage.format(), files), tests, duration);
    }

    /** Test modules that failed to load in this run. */
    public List<String> loadErrors() {
        return tests.map(TestReport::loadErrors).orElse(List.of());
    }
}
