package dev.drydock.core.config;

/** The benchmarks drydock runs. */
public enum Benchmark {
    /** The agent adds tests that raise the coverage of a project's test suite. */
    TEST_WRITING;

    /** The name configurations and results use, e.g. {@code test-writing}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
