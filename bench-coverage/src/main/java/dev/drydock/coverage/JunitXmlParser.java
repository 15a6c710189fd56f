package dev.drydock.coverage;

import dev.drydock.api.ReportFormatException;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * JUnit XML ({@code <testsuites>}/{@code <testsuite>}/{@code <testcase>}) as pytest, Surefire, jest-junit,
 * vitest and cargo-nextest write it. A test case's id is {@code classname::name}; a {@code
 * <failure>}, {@code <error>} or {@code <skipped>} child sets its status. pytest's collection errors
 * (a case without a class whose error says {@code collection failure}) and vitest's failed test files
 * (a failing case named, class and name alike, by the file's path) are load errors, not tests.
 */
public final class JunitXmlParser implements TestReportParser {
    public static final String FORMAT = "junit";
    private static final String COLLECTION_FAILURE = "collection failure";
    /** A test file's path as vitest names the case of a file that failed to load. */
    private static final Pattern TEST_FILE = Pattern.compile("[^\\s]+\\.[cm]?[jt]sx?");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        return Heads.isXmlWithRoot(head, "testsuites", "testsuite");
    }

    @Override
    public TestReport parse(InputStream in, ReportSource source) {
        return SafeXml.read(in, source, reader -> {
            List<TestCase> tests = new ArrayList<>();
            List<String> loadErrors = new ArrayList<>();
            boolean loadError = false;
            boolean fileCase = false;
            int depth = 0;
            String id = null;
            Duration time = Duration.ZERO;
            TestStatus status = TestStatus.PASSED;
            while (reader.hasNext()) {
                int event = SafeXml.next(reader, source);
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (depth == 0 && !name.equals("testsuites") && !name.equals("testsuite")) {
                        throw SafeXml.error(source, reader, "expected a <testsuites> or <testsuite> root but found <" + name + ">");
                    }
                    depth++;
                    if (name.equals("testcase")) {
                        String testName = reader.getAttributeValue(null, "name");
                        if (testName == null) {
                            throw SafeXml.error(source, reader, "<testcase> lacks the attribute name");
                        }
                        String className = reader.getAttributeValue(null, "classname");
                        // jest-junit names cases "class title" twice by default: only a file path is a file
                        fileCase = testName.equals(className) && TEST_FILE.matcher(testName).matches();
                        id = className == null || className.isEmpty() || fileCase ? testName : className + "::" + testName;
                        time = seconds(reader.getAttributeValue(null, "time"));
                        status = TestStatus.PASSED;
                        loadError = false;
                    } else if (id != null) {
                        // pytest reports a module it could not import as an error case without a class
                        loadError |= name.equals("error") && COLLECTION_FAILURE.equals(reader.getAttributeValue(null, "message"))
                                && !id.contains("::");
                        loadError |= fileCase && (name.equals("failure") || name.equals("error"));
                        status = switch (name) {
                            case "failure" -> status == TestStatus.ERROR ? status : TestStatus.FAILED;
                            case "error" -> TestStatus.ERROR;
                            case "skipped" -> status == TestStatus.PASSED ? TestStatus.SKIPPED : status;
                            default -> status;
                        };
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (reader.getLocalName().equals("testcase") && id != null) {
                        if (loadError) {
                            loadErrors.add(id);
                        } else {
                            tests.add(new TestCase(id, status, time));
                        }
                        id = null;
                    }
                }
            }
            return new TestReport(FORMAT, tests, Optional.empty(), loadErrors);
        });
    }

    private static Duration seconds(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        try {
            double seconds = Double.parseDouble(text.strip().replace(",", ""));
            return seconds > 0 && Double.isFinite(seconds) ? Duration.ofNanos((long) (seconds * 1e9)) : Duration.ZERO;
        } catch (NumberFormatException e) {
            return Duration.ZERO; // a garbled time does not make the outcome unreadable
        }
    }
}
