package dev.drydock.coverage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import java.io.ByteArrayInputStream;

/**
 * Fuzz targets for every parser: whatever the bytes, a parser returns a report or throws {@link
 * ReportFormatException}; any other exception, a hang or running out of memory is a finding.
 *
 * <p>{@code ./test} runs them in regression mode over the seed inputs in {@code
 * src/test/resources/dev/drydock/coverage/ParserFuzzTestInputs/<method>/}. To fuzz one for real:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl bench-coverage test -Dtest='ParserFuzzTest#lcov'}; the duration is
 * {@code maxDuration} below, or {@code -Djazzer.max_duration=10m} for a longer local run. CI fuzzes each
 * for a short while.
 */
class ParserFuzzTest {
    private static final ReportSource SOURCE = new ReportSource("fuzz", "/fuzz");

    private static void coverage(CoverageParser parser, byte[] data) {
        try {
            parser.parse(new ByteArrayInputStream(data), SOURCE);
        } catch (ReportFormatException expected) {
            // malformed input, reported as such
        }
    }

    private static void tests(TestReportParser parser, byte[] data) {
        try {
            parser.parse(new ByteArrayInputStream(data), SOURCE);
        } catch (ReportFormatException expected) {
            // malformed input, reported as such
        }
    }

    @FuzzTest(maxDuration = "20s")
    void lcov(byte[] data) {
        coverage(new LcovParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void cobertura(byte[] data) {
        coverage(new CoberturaParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void jacoco(byte[] data) {
        coverage(new JacocoParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void coveragePyJson(byte[] data) {
        coverage(new CoveragePyJsonParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void istanbulJson(byte[] data) {
        coverage(new IstanbulJsonParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void junit(byte[] data) {
        tests(new JunitXmlParser(), data);
    }

    @FuzzTest(maxDuration = "20s")
    void consoleSummary(byte[] data) {
        tests(new ConsoleSummaryParser(), data);
    }
}
