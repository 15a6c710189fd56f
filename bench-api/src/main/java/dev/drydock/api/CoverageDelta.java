package dev.drydock.api;

import java.util.Map;
import java.util.Optional;

/**
 * What a later report covers that a baseline did not, counted against the baseline's files, lines
 * and branch outcomes only (a fixed denominator): a later report that drops a file, deletes code or
 * adds trivially covered code cannot look better through that. Branches are compared per line by
 * count, the finest grain every format shares.
 *
 * @param baseline the baseline's totals
 * @param newlyCoveredLines baseline-executable lines uncovered before and covered after
 * @param lostLines baseline-covered lines no longer covered (or no longer reported) after
 * @param coveredAfter baseline-executable lines covered after
 * @param newlyCoveredBranches baseline branch outcomes covered after but not before
 * @param branchesCoveredAfter baseline branch outcomes covered after
 */
public record CoverageDelta(
        CoverageSummary baseline,
        long newlyCoveredLines,
        long lostLines,
        long coveredAfter,
        long newlyCoveredBranches,
        long branchesCoveredAfter) {

    public static CoverageDelta between(CoverageReport baseline, CoverageReport after) {
        Counter counter = new Counter();
        for (Map.Entry<String, FileCoverage> entry : baseline.files().entrySet()) {
            counter.add(entry.getValue(), Optional.ofNullable(after.files().get(entry.getKey())));
        }
        return counter.delta(baseline.summary());
    }

    /** The same comparison for one file of the baseline (e.g. the target file). */
    public static CoverageDelta forFile(CoverageReport baseline, CoverageReport after, String path) {
        Counter counter = new Counter();
        Optional<FileCoverage> before = baseline.file(path);
        before.ifPresent(file -> counter.add(file, after.file(path)));
        return counter.delta(before.map(FileCoverage::summary).orElse(CoverageSummary.EMPTY));
    }

    /** Line coverage after, in percent of the baseline's executable lines. */
    public double percentAfter() {
        return baseline.linesTotal() == 0 ? 0 : 100.0 * coveredAfter / baseline.linesTotal();
    }

    /**
     * Line coverage gained, in percentage points of the baseline's executable lines: after minus
     * before, so lost lines count against it. What leaderboards rank test writing by.
     */
    public double percentGained() {
        return percentAfter() - baseline.linePercent();
    }

    private static final class Counter {
        long newly;
        long lost;
        long coveredAfter;
        long newlyBranches;
        long branchesAfter;

        void add(FileCoverage before, Optional<FileCoverage> later) {
            before.lines().forEach(line -> {
                Optional<LineCoverage> afterLine = later.flatMap(file -> file.line(line.line()));
                boolean isCovered = afterLine.map(LineCoverage::covered).orElse(false);
                if (isCovered) {
                    coveredAfter++;
                }
                if (isCovered && !line.covered()) {
                    newly++;
                } else if (line.covered() && !isCovered) {
                    lost++;
                }
                if (line.branchesTotal() > 0) {
                    int covered = Math.min(line.branchesTotal(), afterLine.map(LineCoverage::branchesCovered).orElse(0));
                    branchesAfter += covered;
                    newlyBranches += Math.max(0, covered - line.branchesCovered());
                }
            });
        }

        CoverageDelta delta(CoverageSummary baseline) {
            return new CoverageDelta(baseline, newly, lost, coveredAfter, newlyBranches, branchesAfter);
        }
    }
}
