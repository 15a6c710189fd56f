package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * Something an agent did that games or breaks the measurement, with the evidence.
 *
 * @param kind what it is
 * @param subject the file or test it concerns
 * @param message one line for people
 * @param evidence the diff hunk or test outcome that shows it (redacted, capped); may be empty
 */
public record Violation(Kind kind, String subject, String message, String evidence) {
    public enum Kind {
        /** A non-test source file was changed (possibly the code under test). */
        SOURCE_MODIFIED,
        /** Build, test or coverage configuration was changed. */
        CONFIG_MODIFIED,
        /** A dependency lock file was changed. */
        LOCKFILE_MODIFIED,
        /** A coverage exclusion marker ({@code pragma: no cover}, {@code istanbul ignore}, ...) was added. */
        EXCLUSION_MARKER_ADDED,
        /** A test of the baseline no longer exists (deleted or renamed). */
        TEST_REMOVED,
        /** A test of the baseline that ran is now skipped. */
        TEST_NEWLY_SKIPPED,
        /** A test of the baseline that passed now fails. */
        TEST_NOW_FAILING,
        /** A new test failed in at least one run and passed in another. */
        FLAKY_TEST,
        /** A new test failed in every run. */
        NEW_TEST_FAILING,
        /** A new test asserts nothing: no assertion, only constant ones, only in comments, or all swallowed. */
        ASSERTION_FREE_TEST,
        /**
         * Added test code does what no honest test needs and what can move a coverage number: runs
         * code built at run time, loads a source file by path, installs a tracer, uses the coverage
         * tool, writes files outside the test folders.
         */
        SUSPICIOUS_TEST_CODE,
        /**
         * A file of the replay's checkout other than the agent's tests differs from the baseline
         * after the tests ran (content hashes); the run gains nothing.
         */
        SOURCE_TAMPERED,
        /**
         * A test module failed to load (a collection or import error), so its tests did not run: in the
         * baseline (a warning about the recipe), with the agent's tests (left out of the gain), or in the
         * agent's replayed test script.
         */
        TEST_LOAD_ERROR,
        /**
         * Test running: the coverage report measures other files than the reference run does (only the
         * tests, examples, configuration), so its percentage is not comparable.
         */
        COVERAGE_FILES,
        /** Test files were changed (test running: by the agent's replayed scripts). */
        TESTS_MODIFIED,
        /** Test running: the agent's report gets has-tests, needs-services or the frameworks wrong. */
        DETECTION_WRONG,
        /** Test running: the replayed test script ran no test although the repository has tests. */
        NO_TESTS_RUN,
        /** Test running: every test the replayed test script ran was skipped. */
        ALL_TESTS_SKIPPED,
        /** Test running: the agent's claimed coverage differs from the measured coverage beyond tolerance. */
        COVERAGE_CLAIM_GAP,
        /** Test running: the agent's claimed test counts differ from the measured ones beyond tolerance. */
        TESTS_CLAIM_GAP
    }

    public Violation {
        requireNonNull(kind, "kind is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(message, "message is null");
        requireNonNull(evidence, "evidence is null");
    }
}
