package dev.drydock.coverage;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * LCOV tracefiles ({@code lcov}, {@code c8}, {@code cargo llvm-cov --lcov}, istanbul's {@code
 * lcov.info}): {@code SF} blocks with {@code DA} line records and {@code BRDA} branch records,
 * repeated files merged.
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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            String file = null;
            TreeMap<Integer, Long> lines = new TreeMap<>();
            int branchesTotal = 0;
            int branchesCovered = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("SF:")) {
                    if (file != null) {
                        throw error(source, number, "SF: before end_of_record of " + file);
                    }
                    file = ReportPaths.normalize(line.substring(3), "", source.projectRoot());
                    lines = new TreeMap<>();
                    branchesTotal = 0;
                    branchesCovered = 0;
                } else if (line.equals("end_of_record")) {
                    if (file == null) {
                        throw error(source, number, "end_of_record without SF:");
                    }
                    files.add(new FileCoverage(file, lines, branchesCovered, branchesTotal));
                    file = null;
                } else if (line.startsWith("DA:")) {
                    requireFile(file, source, number, "DA");
                    String[] parts = line.substring(3).split(",");
                    if (parts.length < 2) {
                        throw error(source, number, "expected DA:<line>,<hits> but got '" + abbreviate(line) + "'");
                    }
                    int lineNumber = positiveInt(parts[0], source, number, "line number");
                    long hits = count(parts[1], source, number);
                    lines.merge(lineNumber, hits, LcovParser::saturatedSum);
                } else if (line.startsWith("BRDA:")) {
                    requireFile(file, source, number, "BRDA");
                    String[] parts = line.substring(5).split(",");
                    if (parts.length != 4) {
                        throw error(source, number,
                                "expected BRDA:<line>,<block>,<branch>,<taken> but got '" + abbreviate(line) + "'");
                    }
                    branchesTotal++;
                    if (!parts[3].equals("-") && count(parts[3], source, number) > 0) {
                        branchesCovered++;
                    }
                } else if (!isKnownRecord(line)) {
                    throw error(source, number, "unknown LCOV record '" + abbreviate(line) + "'");
                }
            }
            if (file != null) {
                throw error(source, number, "file " + file + " has no end_of_record (truncated report?)");
            }
        } catch (IOException e) {
            throw new ReportFormatException(source.name() + ": cannot read LCOV report: " + e.getMessage(), e);
        }
        return CoverageReport.of(FORMAT, files);
    }

    static long saturatedSum(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static boolean isKnownRecord(String line) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? line : line.substring(0, colon);
        return switch (key) {
            case "TN", "VER", "FN", "FNDA", "FNF", "FNH", "FNL", "FNA", "BRF", "BRH", "LF", "LH" -> true;
            default -> false;
        };
    }

    private static void requireFile(String file, ReportSource source, int number, String record) {
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

    private static long count(String text, ReportSource source, int number) {
        try {
            long value = Long.parseLong(text.strip());
            // llvm-cov writes saturated negative counts for overflowing counters; they still mean "hit"
            return value < 0 ? Long.MAX_VALUE : value;
        } catch (NumberFormatException e) {
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
