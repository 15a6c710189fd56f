package dev.drydock.api;

import java.util.Map;

/**
 * What a later report covers that a baseline did not, counted against the baseline's files and
 * executable lines only (a fixed denominator): a later report that drops a file, deletes code or
 * adds trivially covered code cannot look better through that.
 *
 * @param baseline the baseline's totals
 * @param newlyCoveredLines baseline-executable lines uncovered before and covered after
 * @param lostLines baseline-covered lines no longer covered (or no longer reported) after
 * @param coveredAfter baseline-executable lines covered after; divided by {@code baseline.linesTotal()}
 *     this is the after-coverage on the fixed denominator
 */
public record CoverageDelta(CoverageSummary baseline, long newlyCoveredLines, long lostLines, long coveredAfter) {

    public static CoverageDelta between(CoverageReport baseline, CoverageReport after) {
        long newly = 0;
        long lost = 0;
        long coveredAfter = 0;
        for (Map.Entry<String, FileCoverage> entry : baseline.files().entrySet()) {
            FileCoverage before = entry.getValue();
            FileCoverage later = after.files().get(entry.getKey());
            for (Integer line : before.lineHits().keySet()) {
                boolean wasCovered = before.isCovered(line);
                boolean isCovered = later != null && later.isCovered(line);
                if (isCovered) {
                    coveredAfter++;
                }
                if (isCovered && !wasCovered) {
                    newly++;
                } else if (wasCovered && !isCovered) {
                    lost++;
                }
            }
        }
        return new CoverageDelta(baseline.summary(), newly, lost, coveredAfter);
    }

    /** Line coverage after, in percent of the baseline's executable lines. */
    public double percentAfter() {
        return baseline.linesTotal() == 0 ? 0 : 100.0 * coveredAfter / baseline.linesTotal();
    }
}
