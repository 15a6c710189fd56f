package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CoverageParsersTest {
    static byte[] resource(String name) {
        try (InputStream in = CoverageParsersTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CoverageReport parse(CoverageParser parser, String text, String name) {
        return parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new ReportSource(name, ""));
    }

    @Test
    void lcovMergesRepeatedFilesAndReadsBranchesAndAbsolutePaths() {
        String lcov = """
                TN:
                SF:/repo/src/a.js
                FN:1,f
                FNDA:1,f
                DA:1,1
                DA:2,0
                BRDA:2,0,0,1
                BRDA:2,0,1,-
                end_of_record
                SF:/repo/src/a.js
                DA:2,3
                DA:3,0
                end_of_record
                """;
        CoverageReport report = new LcovParser().parse(
                new ByteArrayInputStream(lcov.getBytes(StandardCharsets.UTF_8)), new ReportSource("a.info", "/repo"));
        assertThat(report.files()).containsOnlyKeys("src/a.js");
        assertThat(report.summary()).isEqualTo(new CoverageSummary(2, 3, 1, 2));
    }

    @Test
    void coberturaSkipsMethodLineCopiesAndResolvesRelativeSources() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
                <coverage line-rate="0.5" branch-rate="0" version="1">
                  <sources><source>.</source><source>/elsewhere</source></sources>
                  <packages><package name="p"><classes>
                    <class name="A" filename="lib/a.ts">
                      <methods><method name="m"><lines><line number="1" hits="5"/></lines></method></methods>
                      <lines>
                        <line number="1" hits="5"/>
                        <line number="2" hits="0" branch="true" condition-coverage="50% (1/2)"/>
                      </lines>
                    </class>
                  </classes></package></packages>
                </coverage>
                """;
        CoverageReport report = parse(new CoberturaParser(), xml, "cobertura.xml");
        assertThat(report.files()).containsOnlyKeys("lib/a.ts");
        assertThat(report.summary()).isEqualTo(new CoverageSummary(1, 2, 1, 2));
    }

    @Test
    void detectsFormatsByContent() {
        java.util.List<CoverageParser> parsers =
                java.util.List.of(new LcovParser(), new CoberturaParser(), new JacocoParser(), new CoveragePyJsonParser());
        java.util.Map<String, String> expected = java.util.Map.of(
                "real/coveragepy-cobertura.xml", CoberturaParser.FORMAT,
                "real/c8-cobertura.xml", CoberturaParser.FORMAT,
                "real/coveragepy.lcov", LcovParser.FORMAT,
                "real/c8.lcov", LcovParser.FORMAT,
                "real/llvm-cov.lcov", LcovParser.FORMAT,
                "real/jacoco.xml", JacocoParser.FORMAT,
                "real/coveragepy.json", CoveragePyJsonParser.FORMAT);
        expected.forEach((file, format) -> assertThat(parsers.stream()
                        .filter(p -> p.supports(file, resource(file)))
                        .map(CoverageParser::format))
                .as(file)
                .containsExactly(format));
        for (String junit : new String[] {"real/pytest-junit.xml", "real/surefire-junit.xml", "real/node-junit.xml"}) {
            assertThat(new JunitXmlParser().supports(junit, resource(junit))).as(junit).isTrue();
            assertThat(parsers.stream().filter(p -> p.supports(junit, resource(junit)))).as(junit).isEmpty();
        }
    }

    @Test
    void parsersAreRegisteredForServiceLoader() {
        assertThat(ServiceLoader.load(CoverageParser.class).stream().map(p -> p.get().format()))
                .contains(LcovParser.FORMAT, CoberturaParser.FORMAT, JacocoParser.FORMAT, CoveragePyJsonParser.FORMAT);
    }

    @Test
    void malformedLcovNamesFileLineAndExpectation() {
        assertThatThrownBy(() -> parse(new LcovParser(), "SF:a.c\nDA:x,1\nend_of_record\n", "lcov.info"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessage("lcov.info:2: expected a line number but got 'x'");
        assertThatThrownBy(() -> parse(new LcovParser(), "SF:a.c\nDA:1,1\n", "cut.info"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("cut.info:2:")
                .hasMessageContaining("no end_of_record");
        assertThatThrownBy(() -> parse(new LcovParser(), "\u0000\u0001binary\u00ff", "garbage.info"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("garbage.info:1: unknown LCOV record");
    }

    @Test
    void malformedCoberturaNamesFileAndPosition() {
        assertThatThrownBy(() -> parse(new CoberturaParser(), "<coverage><packages><package>", "cut.xml"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("cut.xml:1:")
                .hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> parse(new CoberturaParser(),
                        "<coverage>\n<packages><package><classes><class filename=\"a\"><lines>\n<line number=\"1\" hits=\"many\"/>"
                                + "</lines></class></classes></package></packages></coverage>",
                        "bad.xml"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("bad.xml:3:")
                .hasMessageContaining("hits must be a whole number but is 'many'");
        assertThatThrownBy(() -> parse(new CoberturaParser(), "<report/>", "jacoco.xml"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("expected a Cobertura <coverage> root but found <report>");
        assertThatThrownBy(() -> parse(new CoberturaParser(), "", "empty.xml")).isInstanceOf(ReportFormatException.class);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE coverage [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <coverage><sources><source>&secret;</source></sources></coverage>
                """;
        assertThatThrownBy(() -> parse(new CoberturaParser(), xxe, "xxe.xml"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("xxe.xml:")
                .hasMessageContaining("entity declarations are not allowed");
    }

    @Test
    void entityExpansionBombFailsFast() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE coverage [\n<!ENTITY a0 \"lol\">\n");
        for (int i = 1; i <= 10; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n<coverage><sources><source>&a10;</source></sources></coverage>\n");
        assertThatThrownBy(() -> parse(new CoberturaParser(), bomb.toString(), "bomb.xml"))
                .isInstanceOf(ReportFormatException.class);
    }

    @Test
    void jacocoGroupsNameTheModuleFoldersSoThatOnePackageInTwoModulesStaysTwoFiles() {
        // the java recipe's report of a Maven reactor: one group per module, named by its folder
        String xml = """
                <report name="drydock"><group name="core"><package name="com/acme"><sourcefile name="Util.java">
                <line nr="3" mi="0" ci="2" mb="0" cb="0"/></sourcefile></package></group>
                <group name="services/app"><package name="com/acme"><sourcefile name="Util.java">
                <line nr="5" mi="4" ci="0" mb="0" cb="0"/></sourcefile></package></group>
                <group name="."><package name="com/acme"><sourcefile name="Root.java">
                <line nr="1" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package></group>
                <package name="x"><sourcefile name="Y.java"><line nr="1" mi="1" ci="0" mb="0" cb="0"/></sourcefile></package></report>
                """;
        CoverageReport report = parse(new JacocoParser(), xml, ".drydock/jacoco.xml");
        assertThat(report.files().keySet()).containsExactlyInAnyOrder("core/src/main/java/com/acme/Util.java",
                "services/app/src/main/java/com/acme/Util.java", "src/main/java/com/acme/Root.java", "src/main/java/x/Y.java");
        assertThat(report.files().get("core/src/main/java/com/acme/Util.java").linesCovered()).isEqualTo(1);
        assertThat(report.files().get("services/app/src/main/java/com/acme/Util.java").linesCovered()).isZero();
    }
}
