package dev.drydock.store.sql;

import dev.drydock.api.CoverageDelta;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestWritingOutcome;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The values of a result that get their own columns, for filters, ordering and leaderboards that
 * must not parse every document.
 *
 * @param scorePercent a test-running run's score, 0–100
 * @param coverageGain a test-writing run's line coverage after minus before, in percentage points of
 *     the baseline's executable lines (lost lines count against it)
 * @param flags violations found in the run
 * @param totalTokens input plus output tokens
 * @param costUsd what the usage cost, when every model had a price
 */
record IndexedColumns(Optional<Integer> scorePercent, Optional<Double> coverageGain, int flags, long totalTokens,
        Optional<BigDecimal> costUsd) {

    static IndexedColumns of(RunResult result) {
        Optional<Double> gain = result.testWriting().flatMap(TestWritingOutcome::delta).map(CoverageDelta::percentGained);
        int flags = result.testWriting().map(o -> o.violations().size()).orElse(0)
                + result.testRunning().map(o -> o.flags().size()).orElse(0);
        return new IndexedColumns(result.testRunning().map(TestRunningOutcome::score).map(TestRunningOutcome.Score::percent),
                gain, flags, result.usage().totalTokens(), result.costUsd());
    }
}
