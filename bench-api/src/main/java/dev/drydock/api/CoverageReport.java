package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A parsed coverage report: one {@link FileCoverage} per source file, keyed by its
 * project-relative path, in path order.
 *
 * @param format the parser's format name, e.g. {@code lcov}
 */
public record CoverageReport(String format, SortedMap<String, FileCoverage> files) {
    public CoverageReport {
        requireNonNull(format, "format is null");
        files = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(files, "files is null")));
        files.forEach((path, file) -> {
            if (!path.equals(file.path())) {
                throw new IllegalArgumentException("key " + path + " does not match file " + file.path());
            }
        });
    }

    /** Builds a report from files, merging repeated paths. */
    public static CoverageReport of(String format, Collection<FileCoverage> files) {
        TreeMap<String, FileCoverage> byPath = new TreeMap<>();
        for (FileCoverage file : files) {
            byPath.merge(file.path(), file, FileCoverage::merge);
        }
        return new CoverageReport(format, byPath);
    }

    public Optional<FileCoverage> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public CoverageSummary summary() {
        return files.values().stream().map(FileCoverage::summary).reduce(CoverageSummary.EMPTY, CoverageSummary::plus);
    }
}
