package dev.drydock.api;

/** The outcome of one test case. */
public enum TestStatus {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED
}
