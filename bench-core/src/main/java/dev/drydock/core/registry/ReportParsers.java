package dev.drydock.core.registry;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.TestReportParser;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/** The coverage and test report parsers on the class path, chosen by format name or by content. */
public final class ReportParsers {
    private final List<CoverageParser> coverage;
    private final List<TestReportParser> tests;

    /** The test report format read from a runner's console output, when no JUnit XML exists. */
    public static final String CONSOLE_SUMMARY = "console-summary";

    /** @throws DrydockException ({@code CONFIGURATION}) when two parsers claim one format: none wins by class path order */
    public ReportParsers(List<CoverageParser> coverage, List<TestReportParser> tests) {
        this.coverage = unique(coverage, CoverageParser::format, "coverage");
        this.tests = unique(tests, TestReportParser::format, "test report");
    }

    private static <P> List<P> unique(List<P> parsers, Function<P, String> formatOf, String what) {
        java.util.Map<String, P> byFormat = new java.util.TreeMap<>();
        for (P parser : parsers) {
            P other = byFormat.putIfAbsent(formatOf.apply(parser), parser);
            if (other != null) {
                throw new DrydockException(ErrorCode.CONFIGURATION, "two " + what + " parsers for format '"
                        + formatOf.apply(parser) + "' are on the class path: " + other.getClass().getName() + " and "
                        + parser.getClass().getName() + "; remove one of their artifacts (drydock never picks by order)");
            }
        }
        return List.copyOf(byFormat.values());
    }

    public static ReportParsers load(ClassLoader loader) {
        return new ReportParsers(
                ServiceLoader.load(CoverageParser.class, loader).stream().map(ServiceLoader.Provider::get).toList(),
                ServiceLoader.load(TestReportParser.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    public List<String> coverageFormats() {
        return coverage.stream().map(CoverageParser::format).sorted().toList();
    }

    public List<String> testFormats() {
        return tests.stream().map(TestReportParser::format).sorted().toList();
    }

    /** Checks a configured format name; the error lists the known ones. */
    public void checkCoverageFormat(String format, String where, String path) {
        if (coverage.stream().noneMatch(p -> p.format().equals(format))) {
            throw new ConfigurationException(new ConfigProblem(where, path, "unknown coverage format '" + format
                    + "'; available: " + String.join(", ", coverageFormats())));
        }
    }

    public void checkTestFormat(String format, String where, String path) {
        if (tests.stream().noneMatch(p -> p.format().equals(format))) {
            throw new ConfigurationException(new ConfigProblem(where, path, "unknown test report format '" + format
                    + "'; available: " + String.join(", ", testFormats())));
        }
    }

    public Optional<TestReportParser> testParserNamed(String format) {
        return tests.stream().filter(p -> p.format().equals(format)).findFirst();
    }

    public CoverageParser coverageParser(Optional<String> format, String fileName, byte[] head) {
        return choose(coverage, format, fileName, head, CoverageParser::format, CoverageParser::supports, "coverage");
    }

    /** Chosen by name, or by content among the parsers of report files (never the console fallback). */
    public TestReportParser testParser(Optional<String> format, String fileName, byte[] head) {
        List<TestReportParser> files = format.isPresent()
                ? tests
                : tests.stream().filter(p -> !p.format().equals(CONSOLE_SUMMARY)).toList();
        return choose(files, format, fileName, head, TestReportParser::format, TestReportParser::supports, "test");
    }

    private static <P> P choose(
            List<P> parsers,
            Optional<String> format,
            String fileName,
            byte[] head,
            Function<P, String> formatOf,
            TriPredicate<P> supports,
            String what) {
        if (format.isPresent()) {
            return parsers.stream()
                    .filter(p -> formatOf.apply(p).equals(format.get()))
                    .findFirst()
                    .orElseThrow(() -> new ReportFormatException("no " + what + " report parser for format '" + format.get() + "'"));
        }
        List<P> readers = parsers.stream().filter(p -> supports.test(p, fileName, head)).toList();
        if (readers.size() > 1) {
            throw new ReportFormatException(fileName + ": the " + what + " report formats "
                    + String.join(" and ", readers.stream().map(formatOf).toList())
                    + " all read this file; set the format in the repository's configuration");
        }
        return readers.stream()
                .findFirst()
                .orElseThrow(() -> new ReportFormatException(fileName + ": not a " + what + " report format drydock reads ("
                        + String.join(", ", parsers.stream().map(formatOf).sorted().toList())
                        + "); set the format in the repository's configuration if it is one of them"));
    }

    @FunctionalInterface
    private interface TriPredicate<P> {
        boolean test(P parser, String fileName, byte[] head);
    }
}
