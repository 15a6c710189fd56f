package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ReportFormatException;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JunitXmlParserTest {
    private static TestReport parse(String xml) {
        return new JunitXmlParser().parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), new ReportSource("junit.xml", ""));
    }

    @Test
    void readsEveryStatusInASingleSuite() {
        TestReport report = parse("""
                <testsuite name="s">
                  <testcase classname="C" name="ok" time="0.5"/>
                  <testcase classname="C" name="bad"><failure message="boom">trace</failure></testcase>
                  <testcase classname="C" name="broken"><error/></testcase>
                  <testcase classname="C" name="later"><skipped/></testcase>
                  <testcase name="bare"/>
                </testsuite>
                """);
        assertThat(report.tests()).extracting(TestCase::status).containsExactly(
                TestStatus.PASSED, TestStatus.FAILED, TestStatus.ERROR, TestStatus.SKIPPED, TestStatus.PASSED);
        assertThat(report.tests().get(0).time().toMillis()).isEqualTo(500);
        assertThat(report.tests().get(4).id()).isEqualTo("bare");
    }

    @Test
    void malformedReportNamesFileAndPosition() {
        assertThatThrownBy(() -> parse("<testsuites><testsuite><testcase name='x'>"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("junit.xml:1:");
        assertThatThrownBy(() -> parse("<coverage/>"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("expected a <testsuites> or <testsuite> root");
    }
}
