package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.LineCoverage;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The shapes other writers give the same formats, from their documentation and issue trackers:
 * tarpaulin's and cargo-llvm-cov's Cobertura, jest-junit's, vitest's and cargo-nextest's JUnit XML.
 */
class ReportVariantsTest {
    private static CoverageReport cobertura(String xml, String root) {
        return new CoberturaParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), new ReportSource("c.xml", root));
    }

    private static TestReport junit(String xml) {
        return new JunitXmlParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), new ReportSource("j.xml", ""));
    }

    @Test
    void tarpaulinCoberturaWithATrailingSlashSourceAndNoBranches() {
        CoverageReport report = cobertura("""
                <?xml version="1.0"?>
                <coverage lines-covered="1" lines-valid="2" line-rate="0.5" branches-covered="0" branches-valid="0" branch-rate="0" complexity="0" version="1.9" timestamp="1">
                <sources><source>/home/ci/shapes/</source></sources>
                <packages><package name="src" line-rate="0.5" branch-rate="0" complexity="0"><classes>
                <class name="lib" filename="src/lib.rs" line-rate="0.5" branch-rate="0" complexity="0">
                <methods/><lines><line number="3" hits="2"/><line number="13" hits="0"/></lines></class>
                </classes></package></packages></coverage>
                """, "/home/ci/shapes");
        assertThat(report.files()).containsOnlyKeys("src/lib.rs");
        assertThat(report.summary()).isEqualTo(new CoverageSummary(1, 2, 0, 0));
    }

    @Test
    void absoluteFilenamesWithADotSource() {
        CoverageReport report = cobertura("""
                <coverage line-rate="1" branch-rate="1" version="1">
                <sources><source>.</source></sources>
                <packages><package name="p"><classes>
                <class name="x" filename="/work/p/src/main.rs"><lines>
                <line number="1" hits="1" branch="true" condition-coverage="100% (2/2)"/></lines></class>
                </classes></package></packages></coverage>
                """, "/work/p");
        assertThat(report.files()).containsOnlyKeys("src/main.rs");
        assertThat(report.file("src/main.rs").orElseThrow().lines()).containsExactly(new LineCoverage(1, 1, 2, 2));
    }

    @Test
    void severalClassesOfOneFileAreMerged() {
        CoverageReport report = cobertura("""
                <coverage line-rate="1" branch-rate="1" version="1"><packages><package name="p"><classes>
                <class name="A" filename="A.kt"><lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class>
                <class name="A$Inner" filename="A.kt"><lines><line number="2" hits="3"/><line number="5" hits="0"/></lines></class>
                </classes></package></packages></coverage>
                """, "");
        assertThat(report.summary()).isEqualTo(new CoverageSummary(2, 3, 0, 0));
    }

    @Test
    void jestJunitReport() {
        TestReport report = junit("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.2">
                  <testsuite name="math" errors="0" failures="1" skipped="1" timestamp="2026-01-01T00:00:00" time="0.5" tests="3">
                    <testcase classname="math adds" name="math adds" time="0.002"></testcase>
                    <testcase classname="math divides" name="math divides" time="0.001">
                      <failure>Error: expect(received).toBe(expected)</failure>
                    </testcase>
                    <testcase classname="math later" name="math later" time="0"><skipped/></testcase>
                  </testsuite>
                </testsuites>
                """);
        assertThat(report.tests()).extracting(TestCase::status)
                .containsExactly(TestStatus.PASSED, TestStatus.FAILED, TestStatus.SKIPPED);
        assertThat(report.tests().get(0).id()).isEqualTo("math adds::math adds");
    }

    @Test
    void vitestJunitReport() {
        TestReport report = junit("""
                <?xml version="1.0" encoding="UTF-8" ?>
                <testsuites name="vitest tests" tests="2" failures="0" errors="0" time="0.01">
                    <testsuite name="test/shapes.test.ts" timestamp="2026-01-01T00:00:00" hostname="ci" tests="2" failures="0" errors="0" skipped="1" time="0.003">
                        <testcase classname="test/shapes.test.ts" name="shapes &gt; classifies" time="0.001">
                        </testcase>
                        <testcase classname="test/shapes.test.ts" name="shapes &gt; todo" time="0">
                            <skipped/>
                        </testcase>
                    </testsuite>
                </testsuites>
                """);
        assertThat(report.tests()).extracting(TestCase::id)
                .containsExactly("test/shapes.test.ts::shapes > classifies", "test/shapes.test.ts::shapes > todo");
        assertThat(report.summary().skipped()).isEqualTo(1);
    }

    @Test
    void nextestJunitWithRetries() {
        TestReport report = junit("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="nextest-run" tests="2" failures="1" errors="0" uuid="x" timestamp="2026-01-01T00:00:00" time="0.2">
                    <testsuite name="shapes::shapes" tests="2" disabled="0" errors="0" failures="1">
                        <testcase name="classifies" classname="shapes::shapes" timestamp="t" time="0.01">
                            <flakyFailure message="first try failed" type="test failure"/>
                            <system-out>ok</system-out>
                        </testcase>
                        <testcase name="panics" classname="shapes::shapes" timestamp="t" time="0.01">
                            <failure message="panicked" type="test failure"/>
                            <rerunFailure message="panicked again" type="test failure"/>
                        </testcase>
                    </testsuite>
                </testsuites>
                """);
        assertThat(report.tests()).extracting(TestCase::id, TestCase::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shapes::shapes::classifies", TestStatus.PASSED),
                org.assertj.core.groups.Tuple.tuple("shapes::shapes::panics", TestStatus.FAILED));
    }
}
