package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Coverage of one source file: its executable lines with hit counts, and branch counts for the
 * lines that have branches. Stored in primitive arrays (about 8 bytes a line, 12 more a branching
 * line), because monorepo-sized reports hold millions of lines. Immutable; build one with
 * {@link #builder(String)}.
 */
public final class FileCoverage {
    private final String path;
    private final int[] lines;
    private final int[] hits;
    private final int[] branchLines;
    private final int[] branchesCoveredByLine;
    private final int[] branchesTotalByLine;
    private final int linesCovered;
    private final int branchesCovered;
    private final int branchesTotal;

    private FileCoverage(String path, int[] lines, int[] hits, int[] branchLines, int[] covered, int[] total) {
        this.path = path;
        this.lines = lines;
        this.hits = hits;
        this.branchLines = branchLines;
        this.branchesCoveredByLine = covered;
        this.branchesTotalByLine = total;
        this.linesCovered = (int) Arrays.stream(hits).filter(h -> h > 0).count();
        this.branchesCovered = Arrays.stream(covered).sum();
        this.branchesTotal = Arrays.stream(total).sum();
    }

    /** @param path the file, relative to the project root, with {@code /} separators */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    public String path() {
        return path;
    }

    public int linesTotal() {
        return lines.length;
    }

    public int linesCovered() {
        return linesCovered;
    }

    public int branchesCovered() {
        return branchesCovered;
    }

    public int branchesTotal() {
        return branchesTotal;
    }

    public CoverageSummary summary() {
        return new CoverageSummary(linesCovered, lines.length, branchesCovered, branchesTotal);
    }

    public boolean isExecutable(int line) {
        return Arrays.binarySearch(lines, line) >= 0;
    }

    public boolean isCovered(int line) {
        int index = Arrays.binarySearch(lines, line);
        return index >= 0 && hits[index] > 0;
    }

    /** The line's coverage, empty when the line is not executable. */
    public Optional<LineCoverage> line(int line) {
        int index = Arrays.binarySearch(lines, line);
        return index < 0 ? Optional.empty() : Optional.of(view(index));
    }

    /** Every executable line in order. */
    public Stream<LineCoverage> lines() {
        return IntStream.range(0, lines.length).mapToObj(this::view);
    }

    private LineCoverage view(int index) {
        int line = lines[index];
        int branch = Arrays.binarySearch(branchLines, line);
        return branch < 0
                ? new LineCoverage(line, hits[index], 0, 0)
                : new LineCoverage(line, hits[index], branchesCoveredByLine[branch], branchesTotalByLine[branch]);
    }

    /** Both files' lines together (same path): hits add up, branch counts take the larger total. */
    public FileCoverage merge(FileCoverage other) {
        if (!path.equals(other.path)) {
            throw new IllegalArgumentException("cannot merge " + path + " with " + other.path);
        }
        Builder builder = new Builder(path);
        lines().forEach(builder::add);
        other.lines().forEach(builder::add);
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileCoverage that
                && path.equals(that.path)
                && Arrays.equals(lines, that.lines)
                && Arrays.equals(hits, that.hits)
                && Arrays.equals(branchLines, that.branchLines)
                && Arrays.equals(branchesCoveredByLine, that.branchesCoveredByLine)
                && Arrays.equals(branchesTotalByLine, that.branchesTotalByLine);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + Arrays.hashCode(lines);
    }

    @Override
    public String toString() {
        return "FileCoverage[" + path + ", " + summary() + "]";
    }

    /**
     * Collects lines in any order, repeats included: a repeated line's hits add up (saturating) and
     * its branch counts keep the entry with the larger total (the same branches seen twice).
     */
    public static final class Builder {
        private final String path;
        private int[] lines = new int[16];
        private int[] hits = new int[16];
        private int[] branchLines = new int[4];
        private int[] branchCovered = new int[4];
        private int[] branchTotal = new int[4];
        private int size;
        private int branchSize;

        private Builder(String path) {
            this.path = requireNonNull(path, "path is null");
        }

        public String path() {
            return path;
        }

        public Builder line(int line, long hits) {
            if (line < 1) {
                throw new IllegalArgumentException("line must be at least 1 but is " + line);
            }
            if (size == lines.length) {
                lines = Arrays.copyOf(lines, size * 2);
                this.hits = Arrays.copyOf(this.hits, size * 2);
            }
            lines[size] = line;
            this.hits[size] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, hits));
            size++;
            return this;
        }

        /** Branch outcomes of a line; the line itself must also be added with {@link #line}. */
        public Builder branches(int line, int covered, int total) {
            if (covered < 0 || total < covered) {
                throw new IllegalArgumentException("branches covered " + covered + " must lie in [0, " + total + "]");
            }
            if (total > 0xffff) {
                throw new IllegalArgumentException("more than 65535 branch outcomes on line " + line + ": " + total);
            }
            if (total == 0) {
                return this;
            }
            if (branchSize == branchLines.length) {
                branchLines = Arrays.copyOf(branchLines, branchSize * 2);
                branchCovered = Arrays.copyOf(branchCovered, branchSize * 2);
                branchTotal = Arrays.copyOf(branchTotal, branchSize * 2);
            }
            branchLines[branchSize] = line;
            branchCovered[branchSize] = covered;
            branchTotal[branchSize] = total;
            branchSize++;
            return this;
        }

        public Builder add(LineCoverage line) {
            line(line.line(), line.hits());
            return branches(line.line(), line.branchesCovered(), line.branchesTotal());
        }

        public FileCoverage build() {
            long[] packed = new long[size];
            for (int i = 0; i < size; i++) {
                packed[i] = ((long) lines[i] << 32) | (hits[i] & 0xffffffffL);
            }
            Arrays.sort(packed);
            int[] outLines = new int[size];
            int[] outHits = new int[size];
            int n = 0;
            for (long entry : packed) {
                int line = (int) (entry >>> 32);
                int hit = (int) entry;
                if (n > 0 && outLines[n - 1] == line) {
                    outHits[n - 1] = (int) Math.min(Integer.MAX_VALUE, (long) outHits[n - 1] + hit);
                } else {
                    outLines[n] = line;
                    outHits[n] = hit;
                    n++;
                }
            }
            long[] branches = new long[branchSize];
            for (int i = 0; i < branchSize; i++) {
                branches[i] = ((long) branchLines[i] << 32) | ((long) branchTotal[i] << 16) | branchCovered[i];
            }
            Arrays.sort(branches);
            int[] bLines = new int[branchSize];
            int[] bCovered = new int[branchSize];
            int[] bTotal = new int[branchSize];
            int m = 0;
            for (long entry : branches) {
                int line = (int) (entry >>> 32);
                int total = (int) ((entry >>> 16) & 0xffff);
                int covered = (int) (entry & 0xffff);
                if (Arrays.binarySearch(outLines, 0, n, line) < 0) {
                    continue; // branches of a line the report never listed as executable carry no line to count
                }
                if (m > 0 && bLines[m - 1] == line) {
                    // sorted by total then covered: the last entry of a line has the largest total (and coverage)
                    bCovered[m - 1] = covered;
                    bTotal[m - 1] = total;
                } else {
                    bLines[m] = line;
                    bCovered[m] = covered;
                    bTotal[m] = total;
                    m++;
                }
            }
            return new FileCoverage(path, Arrays.copyOf(outLines, n), Arrays.copyOf(outHits, n),
                    Arrays.copyOf(bLines, m), Arrays.copyOf(bCovered, m), Arrays.copyOf(bTotal, m));
        }
    }
}
