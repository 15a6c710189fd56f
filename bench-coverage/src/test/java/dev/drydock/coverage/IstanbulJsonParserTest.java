package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IstanbulJsonParserTest {
    private static CoverageReport parse(String json) {
        return new IstanbulJsonParser().parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new ReportSource("coverage-final.json", "/work/app"));
    }

    @Test
    void linesAreTheMostHitStatementStartingOnThemAndBranchesCountOnTheirLine() {
        // the shape jest 26-30 and vitest write: two statements on line 3, one never run on line 5
        CoverageReport report = parse("""
                {"/work/app/src/add.ts": {"path": "/work/app/src/add.ts",
                  "statementMap": {"0": {"start": {"line": 3, "column": 2}, "end": {"line": 3, "column": 9}},
                                   "1": {"start": {"line": 3, "column": 11}, "end": {"line": 3, "column": 20}},
                                   "2": {"start": {"line": 5, "column": 2}, "end": {"line": 5, "column": 30}},
                                   "3": {"start": {"line": 1, "column": 0}, "end": {"line": 6, "column": 1}}},
                  "fnMap": {}, "f": {},
                  "branchMap": {"0": {"loc": {"start": {"line": 3, "column": 2}, "end": {"line": 4, "column": 3}},
                                      "type": "if", "locations": [], "line": 3}},
                  "s": {"0": 2, "1": 0, "2": 0, "3": 1},
                  "b": {"0": [2, 0]}},
                 "/work/app/src/empty.ts": {"data": {"path": "/work/app/src/empty.ts", "statementMap": {}, "s": {},
                  "branchMap": {}, "b": {}}}}
                """);
        assertThat(report.files()).containsOnlyKeys("src/add.ts", "src/empty.ts");
        assertThat(report.file("src/add.ts").orElseThrow().summary()).isEqualTo(new CoverageSummary(2, 3, 1, 2));
        assertThat(report.file("src/add.ts").orElseThrow().line(5).orElseThrow().hits()).isZero();
        assertThat(report.file("src/empty.ts").orElseThrow().summary()).isEqualTo(CoverageSummary.EMPTY);
        assertThat(new IstanbulJsonParser().supports("coverage-final.json",
                "{\"/a.js\": {\"path\": \"/a.js\", \"statementMap\": {".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void badMapsNameTheFileAndWhatIsWrong() {
        assertThatThrownBy(() -> parse("{\"/work/app/a.js\": {\"path\": \"/work/app/a.js\", \"s\": {}}}"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("coverage-final.json:")
                .hasMessageContaining("a.js: no \"statementMap\" object; not an Istanbul coverage map");
        assertThatThrownBy(() -> parse("[1, 2]")).hasMessageContaining("expected a JSON object of files");
        assertThatThrownBy(() -> parse("{\"a\": {\"statementMap\": {\"0\": {\"start\": {\"line\": 0}}}, \"s\": {}}}"))
                .hasMessageContaining("a location without a line number of at least 1");
        assertThatThrownBy(() -> parse("{\"a\": {")).hasMessageContaining("malformed JSON");
    }
}
