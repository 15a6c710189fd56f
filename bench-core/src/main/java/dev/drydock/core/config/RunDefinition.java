package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.util.List;

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
 *     {@code {test_command}} and {@code {repository}} are filled in
 */
public record RunDefinition(
        @ConfigDefault("test-writing") Benchmark benchmark,
        List<String> agents,
        List<String> repositories,
        @ConfigDefault("1") int repetitions,
        @ConfigDefault("3") int testRuns,
        @ConfigDefault(DEFAULT_PROMPT) String prompt) {
    public static final String DEFAULT_PROMPT = "\"Write unit tests for {file} in {test_file}. The project's tests run"
            + " with `{test_command}`. Raise the line and branch coverage of {file} as far as you can. Do not change"
            + " any file that is not a test. Keep only tests that pass.\"";

    public RunDefinition {
        requireNonNull(benchmark, "benchmark is null");
        agents = List.copyOf(agents);
        repositories = List.copyOf(repositories);
        requireNonNull(prompt, "prompt is null");
        if (testRuns < 1 || testRuns > 20) {
            throw new IllegalArgumentException("test-runs must lie in [1, 20] but is " + testRuns);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1 but is " + repetitions);
        }
    }
}
