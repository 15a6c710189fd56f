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

    @Test
    void pytestCollectionErrorsAreLoadErrorsNotTests() {
        // pytest 8 with --continue-on-collection-errors: one module fails to import, one test runs
        TestReport report = parse("""
                <?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="1"
                 failures="0" skipped="0" tests="2" time="0.043"><testcase classname="" name="tests.test_bad" time="0.000"><error
                 message="collection failure">ImportError while importing test module '/tmp/pyt/tests/test_bad.py'.
                E   ModuleNotFoundError: No module named 'nonexistent_mod'</error></testcase><testcase
                 classname="tests.test_good" name="test_ok" time="0.000" /></testsuite></testsuites>
                """.strip());
        assertThat(report.tests()).extracting(TestCase::id).containsExactly("tests.test_good::test_ok");
        assertThat(report.summary().total()).isEqualTo(1);
        assertThat(report.loadErrors()).containsExactly("tests.test_bad");
        assertThat(report.inLoadError("tests.test_bad::test_a")).isTrue();
        assertThat(report.inLoadError("tests.test_bad.TestC::test_a")).isTrue();
        assertThat(report.inLoadError("tests.test_badger::test_a")).isFalse();
        // an error in a real test case (a fixture failing) is still a test that ran and errored
        TestReport fixture = parse("""
                <testsuite><testcase classname="tests.test_x" name="test_y"><error message="failed on setup"/></testcase></testsuite>
                """);
        assertThat(fixture.loadErrors()).isEmpty();
        assertThat(fixture.tests()).extracting(TestCase::status).containsExactly(TestStatus.ERROR);
    }

    @Test
    void vitestFilesThatFailToLoadAreLoadErrorsNotTests() {
        // vitest 3: a *.spec.ts holding only data ("No test suite found") is a case named by its path
        TestReport report = parse("""
                <testsuites name="vitest tests" tests="2" failures="1"><testsuite name="src/cases.spec.ts" tests="1" failures="1">
                <testcase classname="src/cases.spec.ts" name="src/cases.spec.ts" time="0"><failure
                 message="No test suite found in file /tmp/p/src/cases.spec.ts" type="Error"/></testcase></testsuite>
                <testsuite name="src/index.spec.ts" tests="1"><testcase classname="src/index.spec.ts"
                 name="parse &gt; works" time="0.002"/></testsuite></testsuites>
                """.strip());
        assertThat(report.loadErrors()).containsExactly("src/cases.spec.ts");
        assertThat(report.tests()).extracting(TestCase::id).containsExactly("src/index.spec.ts::parse > works");
        // jest-junit's default names a case "class title" twice: a failing test is still a test
        TestReport jest = parse("""
                <testsuites><testsuite name="sum"><testcase classname="sum adds" name="sum adds"><failure>expected 3</failure>
                </testcase></testsuite></testsuites>
                """.strip());
        assertThat(jest.loadErrors()).isEmpty();
        assertThat(jest.tests()).extracting(TestCase::status).containsExactly(TestStatus.FAILED);
    }
}
