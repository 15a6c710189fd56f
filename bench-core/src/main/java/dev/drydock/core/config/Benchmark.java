package dev.drydock.core.config;

/** The benchmarks drydock runs. */
public enum Benchmark {
    /**
     * The agent works out how to set up a repository and run its tests with coverage (or says it
     * has none), leaving {@code setup.sh}, {@code test.sh} and {@code report.json} for drydock to replay.
     */
    TEST_RUNNING("Work out how to set up the repository {repository} and run its tests with line coverage, or find"
            + " that it has no tests. Do not change any file of the project. Write three files into the folder"
            + " {output_dir} (also in $DRYDOCK_OUTPUT_DIR): setup.sh, which installs everything the tests need;"
            + " test.sh, which runs the whole test suite with line coverage and writes a coverage report (LCOV,"
            + " Cobertura XML, JaCoCo XML, coverage.py JSON or Istanbul JSON) and, if the test runner can, a JUnit XML test report;"
            + " and report.json: {\"has_tests\": true|false, \"needs_services\": true|false, \"frameworks\": [\"pytest\"],"
            + " \"coverage_report\": \"path\", \"coverage_format\": \"lcov|cobertura|jacoco|coverage-py-json|istanbul-json\","
            + " \"test_report\": \"path or null\", \"lines_covered\": 0, \"lines_total\": 0, \"tests_run\": 0,"
            + " \"tests_passed\": 0, \"notes\": \"...\"} with the numbers your own run of the scripts produced."
            + " Both scripts run with bash from the project root, setup.sh first, in a fresh copy of the repository."
            + " If the repository has no tests, write only report.json with has_tests false."),
    /** The agent adds tests that raise the coverage of a project's test suite. */
    TEST_WRITING("Write unit tests for {file} in {test_file}. The project's tests run with `{test_command}`. Raise the"
            + " line and branch coverage of {file} as far as you can. Do not change any file that is not a test."
            + " Keep only tests that pass.");

    private final String defaultPrompt;

    Benchmark(String defaultPrompt) {
        this.defaultPrompt = defaultPrompt;
    }

    /** The name configurations and results use, e.g. {@code test-writing}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The task given to agents when a run sets no {@code prompt}. */
    public String defaultPrompt() {
        return defaultPrompt;
    }
}
