package dev.drydock.spi;

import dev.drydock.api.TestReport;
import java.io.InputStream;

/** Reads one test report format (JUnit XML and kin). Stateless and thread-safe. */
public interface TestReportParser {
    String format();

    boolean supports(String fileName, byte[] head);

    /** @throws dev.drydock.api.ReportFormatException when the report is malformed */
    TestReport parse(InputStream in, ReportSource source);
}
