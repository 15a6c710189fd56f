package dev.drydock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageModelTest {
    private static FileCoverage file(String path, int[][] lines) {
        FileCoverage.Builder builder = FileCoverage.builder(path);
        for (int[] line : lines) {
            builder.line(line[0], line[1]);
            if (line.length == 4) {
                builder.branches(line[0], line[2], line[3]);
            }
        }
        return builder.build();
    }

    @Test
    void builderSortsMergesRepeatsAndKeepsTheLargestBranchEntry() {
        FileCoverage file = FileCoverage.builder("a.py")
                .line(5, 0)
                .line(2, 3)
                .line(5, 2)
                .branches(5, 1, 2)
                .branches(5, 2, 4)
                .branches(9, 1, 1) // no such executable line: dropped
                .build();
        assertThat(file.lines()).containsExactly(new LineCoverage(2, 3, 0, 0), new LineCoverage(5, 2, 2, 4));
        assertThat(file.summary()).isEqualTo(new CoverageSummary(2, 2, 2, 4));
        assertThat(file.isCovered(5)).isTrue();
        assertThat(file.isExecutable(3)).isFalse();
        assertThat(file.line(9)).isEmpty();
    }

    @Test
    void hitsSaturateInsteadOfOverflowing() {
        FileCoverage file = FileCoverage.builder("a").line(1, Long.MAX_VALUE).line(1, Integer.MAX_VALUE).build();
        assertThat(file.line(1).orElseThrow().hits()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void invalidCountsAreRefused() {
        assertThatThrownBy(() -> FileCoverage.builder("a").line(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileCoverage.builder("a").branches(1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileCoverage.builder("a").branches(1, 0, 70_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsMergeFilesOfTheSamePath() {
        CoverageReport report = CoverageReport.of("lcov", List.of(
                file("a.py", new int[][] {{1, 0}, {2, 1}}),
                file("b.py", new int[][] {{1, 1}}),
                file("a.py", new int[][] {{1, 4}, {3, 0}})));
        assertThat(report.files().keySet()).containsExactly("a.py", "b.py");
        assertThat(report.file("a.py").orElseThrow().summary()).isEqualTo(new CoverageSummary(2, 3, 0, 0));
        assertThat(report.summary()).isEqualTo(new CoverageSummary(3, 4, 0, 0));
    }

    @Test
    void deltaCountsNewlyCoveredLinesAndBranchesOnTheBaselineOnly() {
        CoverageReport before = CoverageReport.of("x", List.of(
                file("src/a.py", new int[][] {{1, 1}, {2, 0, 0, 2}, {3, 0}, {4, 1, 1, 2}}),
                file("src/b.py", new int[][] {{1, 0}, {2, 0}})));
        CoverageReport after = CoverageReport.of("x", List.of(
                // line 1 lost, 2 and 3 newly covered, a branch of 2 and the second of 4 newly covered
                file("src/a.py", new int[][] {{1, 0}, {2, 1, 1, 2}, {3, 1}, {4, 1, 2, 2}, {99, 1}}),
                // b.py dropped from the report; new.py covered but not in the baseline
                file("src/new.py", new int[][] {{1, 1}, {2, 1}})));
        CoverageDelta delta = CoverageDelta.between(before, after);
        assertThat(delta.baseline()).isEqualTo(new CoverageSummary(2, 6, 1, 4));
        assertThat(delta.newlyCoveredLines()).isEqualTo(2);
        assertThat(delta.lostLines()).isEqualTo(1);
        assertThat(delta.coveredAfter()).isEqualTo(3);
        assertThat(delta.percentAfter()).isEqualTo(50.0);
        assertThat(delta.newlyCoveredBranches()).isEqualTo(2);
        assertThat(delta.branchesCoveredAfter()).isEqualTo(3);

        CoverageDelta target = CoverageDelta.forFile(before, after, "src/b.py");
        assertThat(target.baseline()).isEqualTo(new CoverageSummary(0, 2, 0, 0));
        assertThat(target.newlyCoveredLines()).isZero();
        assertThat(target.coveredAfter()).isZero();
    }

    @Test
    void aLaterReportCannotGainByDeletingLinesOrClaimingMoreBranches() {
        CoverageReport before = CoverageReport.of("x", List.of(file("a", new int[][] {{1, 0}, {2, 0, 0, 2}})));
        CoverageReport shrunk = CoverageReport.of("x", List.of(file("a", new int[][] {{2, 1, 9, 9}})));
        CoverageDelta delta = CoverageDelta.between(before, shrunk);
        assertThat(delta.percentAfter()).isEqualTo(50.0); // 1 of the baseline's 2 lines, not 1 of 1
        assertThat(delta.branchesCoveredAfter()).isEqualTo(2); // capped at the baseline's 2 outcomes
    }
}
