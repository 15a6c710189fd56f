package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.util.Optional;

/**
 * What the catalog says about a shipped repository template of a real project: how big it is, under
 * which licence, what toolchain it needs, and the reference numbers measured by hand and through
 * drydock when it was verified, so that a run's reference can be checked against them.
 *
 * @param size the size class by lines of code: small (< 10k), medium (< 100k), large
 * @param lines lines of code (tokei's count of code lines, comments and blanks left out); 0 when they
 *     could not be counted (an unverified template whose snapshot could not be fetched)
 * @param licence the project's licence (SPDX)
 * @param toolchain what it needs beyond the platform's defaults (a Node or Rust version, services)
 * @param unverified why the template could not be verified on drydock's machines; absent when it was
 * @param reference the numbers measured with the template's recipe when it was verified
 */
public record CatalogInfo(
        Size size,
        @ConfigDefault("0") long lines,
        String licence,
        @ConfigDefault("\"\"") String toolchain,
        Optional<String> unverified,
        Optional<ReferenceNumbers> reference) {
    public CatalogInfo {
        requireNonNull(size, "size is null");
        requireNonNull(licence, "licence is null");
        requireNonNull(toolchain, "toolchain is null");
        requireNonNull(unverified, "unverified is null");
        requireNonNull(reference, "reference is null");
        if (lines < 0) {
            throw new IllegalArgumentException("lines must not be negative");
        }
    }

    /** Size classes of the original design's plan: 3 small, 3 medium and 2 large projects per platform. */
    public enum Size {
        SMALL(10_000),
        MEDIUM(100_000),
        LARGE(Long.MAX_VALUE);

        private final long below;

        Size(long below) {
            this.below = below;
        }

        /** The class {@code lines} of code fall in. */
        public static Size of(long lines) {
            for (Size size : values()) {
                if (lines < size.below) {
                    return size;
                }
            }
            return LARGE;
        }
    }

    public boolean verified() {
        return unverified.isEmpty() && reference.isPresent();
    }

    /**
     * Numbers measured with the template's recipe (tests run counts tests not skipped; lines are the
     * project's own source lines as the platform's coverage tool counts them).
     *
     * @param measured the day they were measured, ISO-8601
     */
    public record ReferenceNumbers(int testsRun, int testsPassed, @ConfigDefault("0") int testsSkipped, long linesCovered,
            long linesTotal, String measured) {
        public ReferenceNumbers {
            requireNonNull(measured, "measured is null");
            if (testsPassed > testsRun || linesCovered > linesTotal) {
                throw new IllegalArgumentException("passed tests or covered lines exceed their totals");
            }
        }
    }
}
