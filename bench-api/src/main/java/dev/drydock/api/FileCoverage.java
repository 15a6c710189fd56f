package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Coverage of one source file.
 *
 * @param path the file, relative to the project root, with {@code /} separators
 * @param lineHits executable line number (1-based) to hit count; a line absent here is not executable
 * @param branchesCovered branch outcomes taken at least once
 * @param branchesTotal branch outcomes the tool counted
 */
public record FileCoverage(String path, SortedMap<Integer, Long> lineHits, int branchesCovered, int branchesTotal) {
    public FileCoverage {
        requireNonNull(path, "path is null");
        lineHits = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(lineHits, "lineHits is null")));
        if (branchesCovered < 0 || branchesTotal < branchesCovered) {
            throw new IllegalArgumentException(
                    "branches covered " + branchesCovered + " must lie in [0, " + branchesTotal + "] for " + path);
        }
    }

    public static FileCoverage ofLines(String path, Map<Integer, Long> lineHits) {
        return new FileCoverage(path, new TreeMap<>(lineHits), 0, 0);
    }

    public int linesTotal() {
        return lineHits.size();
    }

    public int linesCovered() {
        return (int) lineHits.values().stream().filter(hits -> hits > 0).count();
    }

    public boolean isCovered(int line) {
        Long hits = lineHits.get(line);
        return hits != null && hits > 0;
    }

    public CoverageSummary summary() {
        return new CoverageSummary(linesCovered(), linesTotal(), branchesCovered, branchesTotal);
    }

    /** Both reports' lines together; a line hit in either is hit, branch counts keep the larger total. */
    public FileCoverage merge(FileCoverage other) {
        if (!path.equals(other.path)) {
            throw new IllegalArgumentException("cannot merge " + path + " with " + other.path);
        }
        TreeMap<Integer, Long> merged = new TreeMap<>(lineHits);
        other.lineHits.forEach((line, hits) -> merged.merge(line, hits, Long::sum));
        if (other.branchesTotal > branchesTotal) {
            return new FileCoverage(path, merged, other.branchesCovered, other.branchesTotal);
        }
        return new FileCoverage(path, merged, branchesCovered, branchesTotal);
    }
}
