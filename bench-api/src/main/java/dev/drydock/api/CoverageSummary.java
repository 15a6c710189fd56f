package dev.drydock.api;

/** Totals of a coverage report or of one file. */
public record CoverageSummary(long linesCovered, long linesTotal, long branchesCovered, long branchesTotal) {
    public static final CoverageSummary EMPTY = new CoverageSummary(0, 0, 0, 0);

    public CoverageSummary {
        if (linesCovered < 0 || linesTotal < linesCovered) {
            throw new IllegalArgumentException("lines covered " + linesCovered + " must lie in [0, " + linesTotal + "]");
        }
        if (branchesCovered < 0 || branchesTotal < branchesCovered) {
            throw new IllegalArgumentException(
                    "branches covered " + branchesCovered + " must lie in [0, " + branchesTotal + "]");
        }
    }

    /** Line coverage in percent, 0 when nothing is executable. */
    public double linePercent() {
        return linesTotal == 0 ? 0 : 100.0 * linesCovered / linesTotal;
    }

    public CoverageSummary plus(CoverageSummary other) {
        return new CoverageSummary(
                linesCovered + other.linesCovered,
                linesTotal + other.linesTotal,
                branchesCovered + other.branchesCovered,
                branchesTotal + other.branchesTotal);
    }
}
