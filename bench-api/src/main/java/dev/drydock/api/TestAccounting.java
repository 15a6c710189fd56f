package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What happened to the tests, by id, between the baseline and the replay of the agent's tests.
 * Empty lists when the reports had no test ids (a runner's summary line only).
 *
 * @param added tests present after but not before
 * @param removed tests of the baseline no longer present (deleted or renamed)
 * @param newlySkipped tests of the baseline that ran and are now skipped
 * @param nowFailing tests of the baseline that passed and now fail
 * @param newFailing new tests that failed in every run
 * @param flaky new tests that failed in some runs and passed in others
 * @param assertionFree new test functions that assert nothing (a static check of the added code)
 * @param testFunctionsAdded test functions in the agent's added test code
 * @param runs how often the replayed suite ran
 */
public record TestAccounting(
        List<String> added,
        List<String> removed,
        List<String> newlySkipped,
        List<String> nowFailing,
        List<String> newFailing,
        List<String> flaky,
        List<String> assertionFree,
        int testFunctionsAdded,
        int runs) {
    public static final TestAccounting NONE =
            new TestAccounting(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0);

    public TestAccounting {
        added = List.copyOf(requireNonNull(added, "added is null"));
        removed = List.copyOf(requireNonNull(removed, "removed is null"));
        newlySkipped = List.copyOf(requireNonNull(newlySkipped, "newlySkipped is null"));
        nowFailing = List.copyOf(requireNonNull(nowFailing, "nowFailing is null"));
        newFailing = List.copyOf(requireNonNull(newFailing, "newFailing is null"));
        flaky = List.copyOf(requireNonNull(flaky, "flaky is null"));
        assertionFree = List.copyOf(requireNonNull(assertionFree, "assertionFree is null"));
    }
}
