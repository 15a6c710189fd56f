package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code runs}: a benchmark over agents × repositories (× targets) × repetitions.
 *
 * @param benchmark which benchmark
 * @param agents agent names; empty for every agent the configuration defines
 * @param repositories repository names; empty for every repository the configuration defines
 * @param repetitions how often each combination runs
 * @param testRuns how often the replayed test suite runs; a new test that fails in any run is
 *     excluded from the coverage gain (flaky, or failing)
 * @param prompt the task given to the agent as {@code PROMPT}; {@code {file}}, {@code {test_file}},
 *     {@code {test_command}}, {@code {output_dir}} and {@code {repository}} are filled in; the
 *     benchmark's own prompt when absent
 * @param tolerance test running: how far (relative, 0.1 = 10%) tests run and passed may lie from the
 *     reference run, coverage from the reference, and the agent's claims from the measurement
 */
public record RunDefinition(
        @ConfigDefault("test-writing") Benchmark benchmark,
        List<String> agents,
        List<String> repositories,
        @ConfigDefault("1") int repetitions,
        @ConfigDefault("3") int testRuns,
        Optional<String> prompt,
        @ConfigDefault("0.1") double tolerance) {

    public RunDefinition {
        requireNonNull(benchmark, "benchmark is null");
        agents = List.copyOf(agents);
        repositories = List.copyOf(repositories);
        requireNonNull(prompt, "prompt is null");
        if (!(tolerance >= 0 && tolerance <= 1)) {
            throw new IllegalArgumentException("tolerance must lie in [0, 1] (0.1 = 10%) but is " + tolerance);
        }
        if (testRuns < 1 || testRuns > 20) {
            throw new IllegalArgumentException("test-runs must lie in [1, 20] but is " + testRuns);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1 but is " + repetitions);
        }
    }
}
