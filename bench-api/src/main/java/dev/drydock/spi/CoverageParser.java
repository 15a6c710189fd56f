package dev.drydock.spi;

import dev.drydock.api.CoverageReport;
import java.io.InputStream;

/** Reads one coverage report format. Stateless and thread-safe. */
public interface CoverageParser {
    /** The format name configurations use, e.g. {@code lcov}, {@code cobertura}. */
    String format();

    /**
     * Whether this parser reads the given report, judged by its file name and its first bytes
     * (at most a few KiB, possibly fewer).
     */
    boolean supports(String fileName, byte[] head);

    /**
     * Parses a report. Paths are made relative to {@code source.projectRoot()}.
     *
     * @throws dev.drydock.api.ReportFormatException naming the file, the position and what was expected
     */
    CoverageReport parse(InputStream in, ReportSource source);
}
