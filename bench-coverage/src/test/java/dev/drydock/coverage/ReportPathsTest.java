package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportPathsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // path                 | base                | project root   | expected
        "inventory/a.py | /work/p/src | /work/p | src/inventory/a.py",
        "/work/p/src/lib.rs | '' | /work/p | src/lib.rs",
        "src/a.js | /work/p | /work/p | src/a.js",
        "a.js | . | /work/p | a.js",
        "./lib/../src/a.js | '' | /work/p | src/a.js",
        "../outside/a.c | /work/p | /work/p | /work/outside/a.c",
        "src\\win\\a.cs | '' | '' | src/win/a.cs",
        "/elsewhere/a.py | '' | /work/p | /elsewhere/a.py",
        "pkg/a.py | /work/p/src/ | /work/p/ | src/pkg/a.py",
        "pkg/a.py | src | '' | src/pkg/a.py",
        "/work/project2/a.py | '' | /work/p | /work/project2/a.py",
    })
    void normalisesToProjectRelativePaths(String path, String base, String root, String expected) {
        assertThat(ReportPaths.normalize(path, base, root)).isEqualTo(expected);
    }
}
