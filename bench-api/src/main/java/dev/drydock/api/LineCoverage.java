package dev.drydock.api;

/**
 * One executable line of a {@link FileCoverage}, as a view.
 *
 * @param line 1-based line number
 * @param hits how often it ran (saturated at {@link Integer#MAX_VALUE})
 * @param branchesCovered branch outcomes of this line taken at least once
 * @param branchesTotal branch outcomes of this line; 0 when it has no branches or the tool did not say
 */
public record LineCoverage(int line, int hits, int branchesCovered, int branchesTotal) {
    public LineCoverage {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1 but is " + line);
        }
        if (hits < 0) {
            throw new IllegalArgumentException("hits must not be negative");
        }
        if (branchesCovered < 0 || branchesTotal < branchesCovered) {
            throw new IllegalArgumentException(
                    "branches covered " + branchesCovered + " must lie in [0, " + branchesTotal + "] on line " + line);
        }
    }

    public boolean covered() {
        return hits > 0;
    }
}
