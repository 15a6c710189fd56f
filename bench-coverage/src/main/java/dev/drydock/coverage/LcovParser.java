package dev.drydock.coverage;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LCOV tracefiles (lcov, c8, istanbul's {@code lcov.info}, coverage.py, {@code cargo llvm-cov
 * --lcov}): {@code SF} blocks of {@code DA} line records, {@code BRDA} branch records (summed per
 * line; {@code -} means never evaluated) and {@code FN}/{@code FNDA} function records (checked, not
 * modelled). A file in several blocks is merged. Read line by line with a line-length limit.
 */
public final class LcovParser implements CoverageParser {
    public static final String FORMAT = "lcov";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return text.startsWith("TN:") || text.startsWith("SF:") || text.contains("\nSF:") || text.contains("\nend_of_record");
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        List<FileCoverage> files = new ArrayList<>();
        BoundedLineReader reader = new BoundedLineReader(in, source.name());
        try {
            String line;
            FileCoverage.Builder file = null;
            Map<Integer, long[]> branches = new HashMap<>();
            while ((line = reader.readLine()) != null) {
                int number = reader.lineNumber();
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("SF:")) {
                    if (file != null) {
                        throw error(source, number, "SF: before end_of_record of " + file.path());
                    }
                    try {
                        file = FileCoverage.builder(ReportPaths.normalize(line.substring(3), "", source.projectRoot()));
                    } catch (IllegalArgumentException e) {
                        throw error(source, number, "unusable file path: " + e.getMessage());
                    }
                    branches.clear();
                } else if (line.equals("end_of_record")) {
                    if (file == null) {
                        throw error(source, number, "end_of_record without SF:");
                    }
                    for (Map.Entry<Integer, long[]> branch : branches.entrySet()) {
                        long[] counts = branch.getValue();
                        file.branches(branch.getKey(), (int) counts[0], (int) counts[1]);
                    }
                    files.add(file.build());
                    file = null;
                } else if (line.startsWith("DA:")) {
                    requireFile(file, source, number, "DA");
                    int comma = line.indexOf(',', 3);
                    if (comma < 0) {
                        throw error(source, number, "expected DA:<line>,<hits> but got '" + abbreviate(line) + "'");
                    }
                    int end = line.indexOf(',', comma + 1); // an optional checksum follows
                    int lineNumber = positiveInt(line.substring(3, comma), source, number, "line number");
                    file.line(lineNumber, count(line.substring(comma + 1, end < 0 ? line.length() : end), source, number));
                } else if (line.startsWith("BRDA:")) {
                    requireFile(file, source, number, "BRDA");
                    String[] parts = line.substring(5).split(",", -1);
                    if (parts.length != 4) {
                        throw error(source, number,
                                "expected BRDA:<line>,<block>,<branch>,<taken> but got '" + abbreviate(line) + "'");
                    }
                    int lineNumber = positiveInt(parts[0], source, number, "line number");
                    boolean taken = !parts[3].equals("-") && count(parts[3], source, number) > 0;
                    long[] counts = branches.computeIfAbsent(lineNumber, l -> new long[2]);
                    counts[1]++;
                    if (taken) {
                        counts[0]++;
                    }
                    if (counts[1] > 0xffff) {
                        throw error(source, number, "more than 65535 branches on line " + lineNumber);
                    }
                } else if (line.startsWith("FN:") || line.startsWith("FNDA:")) {
                    requireFile(file, source, number, line.substring(0, line.indexOf(':')));
                    String[] parts = line.substring(line.indexOf(':') + 1).split(",", 2);
                    if (parts.length != 2 || parts[1].isEmpty()) {
                        throw error(source, number, "expected " + line.substring(0, line.indexOf(':'))
                                + ":<number>,<name> but got '" + abbreviate(line) + "'");
                    }
                    count(parts[0], source, number);
                } else if (!isKnownRecord(line)) {
                    throw error(source, number, "unknown LCOV record '" + abbreviate(line) + "'");
                }
            }
            if (file != null) {
                throw error(source, reader.lineNumber(), "file " + file.path() + " has no end_of_record (truncated report?)");
            }
            if (reader.lineNumber() == 0) {
                throw new ReportFormatException(source.name() + ": empty file, expected LCOV records (TN:, SF:, ...)");
            }
        } catch (IOException e) {
            throw new ReportFormatException(source.name() + ": cannot read LCOV report: " + e.getMessage(), e);
        }
        return CoverageReport.of(FORMAT, files);
    }

    private static boolean isKnownRecord(String line) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? line : line.substring(0, colon);
        return switch (key) {
            case "TN", "VER", "FNF", "FNH", "FNL", "FNA", "BRF", "BRH", "LF", "LH" -> true;
            default -> false;
        };
    }

    private static void requireFile(FileCoverage.Builder file, ReportSource source, int number, String record) {
        if (file == null) {
            throw error(source, number, record + " record outside an SF: block");
        }
    }

    private static int positiveInt(String text, ReportSource source, int number, String what) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 1) {
                throw error(source, number, what + " must be at least 1 but is " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(source, number, "expected a " + what + " but got '" + abbreviate(text) + "'");
        }
    }

    /** A hit count; llvm-cov writes saturated or negative counts for overflowing counters, which still mean "hit". */
    private static long count(String text, ReportSource source, int number) {
        String trimmed = text.strip();
        try {
            long value = Long.parseLong(trimmed);
            return value < 0 ? Long.MAX_VALUE : value;
        } catch (NumberFormatException e) {
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
                return Long.MAX_VALUE; // larger than a long
            }
            throw error(source, number, "expected a hit count but got '" + abbreviate(text) + "'");
        }
    }

    private static ReportFormatException error(ReportSource source, int line, String message) {
        return new ReportFormatException(source.name() + ":" + line + ": " + message);
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
