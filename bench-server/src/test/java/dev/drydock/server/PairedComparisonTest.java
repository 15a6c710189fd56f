package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.drydock.api.RunResult;
import dev.drydock.testkit.SampleResults;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    @Test
    void theMeanDifferenceOverCommonPairsHasAPairedTInterval() {
        // agent-a beats agent-b by 4, 8 and 12 newly covered lines of 40 (10, 20, 30 pp) on three repositories;
        // agent-a's two repetitions on repo-x average; repo-z has agent-a only and is no pair
        List<RunResult> results = List.of(
                ServerTests.withGain("a1", "agent-a", "repo-x", 1, 12), ServerTests.withGain("a2", "agent-a", "repo-x", 2, 16),
                ServerTests.withGain("a3", "agent-a", "repo-y", 3, 20), ServerTests.withGain("a4", "agent-a", "repo-w", 4, 30),
                ServerTests.withGain("a5", "agent-a", "repo-z", 5, 30),
                ServerTests.withGain("b1", "agent-b", "repo-x", 6, 10), ServerTests.withGain("b2", "agent-b", "repo-y", 7, 12),
                ServerTests.withGain("b3", "agent-b", "repo-w", 8, 18), ServerTests.infrastructureFailure("b4", "agent-b", 9));
        PairedComparison comparison = PairedComparison.of(results, "test-writing", "agent-a", "agent-b");
        assertThat(comparison.pairs()).extracting(PairedComparison.Pair::repository).containsExactly("repo-w", "repo-x", "repo-y");
        assertThat(comparison.pairs()).extracting(PairedComparison.Pair::difference)
                .containsExactly(30.0, 10.0, 20.0);
        assertThat(comparison.pairs().get(1).meanA()).isCloseTo(35.0, offset(1e-9));
        MeanEstimate d = comparison.difference();
        assertThat(d.mean()).isCloseTo(20, offset(1e-9));
        // s = 10, t(0.975, 2) = 4.302653: half width 24.8414
        assertThat(d.low()).hasValueSatisfying(low -> assertThat(low).isCloseTo(20 - 24.8414, offset(1e-3)));
        assertThat(d.high()).hasValueSatisfying(high -> assertThat(high).isCloseTo(20 + 24.8414, offset(1e-3)));
        assertThat(PairedComparison.of(results, "test-writing", "agent-a", "nobody").pairs()).isEmpty();
        assertThat(comparison.pairs().get(0).target()).isEqualTo(Optional.of("src/a.py"));
    }

    @Test
    void aMeanOfOneHasNoIntervalAndEqualValuesAnEmptyOne() {
        assertThat(MeanEstimate.of(List.of(5.0))).isEqualTo(new MeanEstimate(1, 5.0, Optional.empty(), Optional.empty()));
        MeanEstimate same = MeanEstimate.of(List.of(2.0, 2.0, 2.0));
        assertThat(same.low()).contains(2.0);
        assertThat(same.high()).contains(2.0);
        assertThat(MeanEstimate.of(List.of()).samples()).isZero();
        assertThat(PairedComparison.measure(SampleResults.testRunning("t", "a", "r", 0))).isEqualTo(50.0);
    }
}
