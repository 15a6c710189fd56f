package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.FileChange;
import dev.drydock.api.FileChange.Category;
import dev.drydock.api.FileChange.Kind;
import dev.drydock.api.Modifications;
import dev.drydock.api.Violation;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Classification, diff violations, the assertion check and pricing, on hand-made inputs. */
class ChangeAnalysisTest {
    private static final ChangeClassifier PYTHON = new ChangeClassifier(
            List.of("tests/**", "test_*.py", "conftest.py"), List.of("pyproject.toml", ".coveragerc"),
            List.of("poetry.lock"), List.of("*.py"));

    @Test
    void classifiesByPatternsInOrder() {
        assertThat(PYTHON.classify("tests/unit/test_a.py")).isEqualTo(Category.TEST);
        assertThat(PYTHON.classify("src/pkg/test_helpers.py")).isEqualTo(Category.TEST);
        assertThat(PYTHON.classify("conftest.py")).isEqualTo(Category.TEST);
        assertThat(PYTHON.classify("pyproject.toml")).isEqualTo(Category.CONFIG);
        assertThat(PYTHON.classify("poetry.lock")).isEqualTo(Category.LOCKFILE);
        assertThat(PYTHON.classify("src/pkg/core.py")).isEqualTo(Category.SOURCE);
        assertThat(PYTHON.classify("README.md")).isEqualTo(Category.OTHER);
        ChangeClassifier generic = new ChangeClassifier(List.of(), List.of(), List.of(), List.of());
        assertThat(generic.classify("src/test/java/a/ATest.java")).isEqualTo(Category.TEST);
        assertThat(generic.classify("web/app.spec.ts")).isEqualTo(Category.TEST);
        assertThat(generic.classify("package-lock.json")).isEqualTo(Category.LOCKFILE);
        assertThat(generic.classify("Cargo.toml")).isEqualTo(Category.CONFIG);
        assertThat(generic.classify("src/main.rs")).isEqualTo(Category.SOURCE);
    }

    private static final String DIFF = """
            diff --git a/src/pkg/core.py b/src/pkg/core.py
            index 1111111..2222222 100644
            --- a/src/pkg/core.py
            +++ b/src/pkg/core.py
            @@ -1,3 +1,3 @@
            -def hard(x):
            +def hard(x):  # pragma: no cover
                 return x
            diff --git a/tests/test_core.py b/tests/test_core.py
            new file mode 100644
            --- /dev/null
            +++ b/tests/test_core.py
            @@ -0,0 +1,9 @@
            +from pkg.core import hard
            +
            +def test_checks():
            +    assert hard(1) == 1
            +
            +def test_only_calls():
            +    hard(2)  # pragma: no cover here is harmless
            +
            +async def test_raises():
            +    with pytest.raises(TypeError):
            diff --git a/.coveragerc b/.coveragerc
            deleted file mode 100644
            --- a/.coveragerc
            +++ /dev/null
            @@ -1 +0,0 @@
            -[run]
            """;

    @Test
    void findsSourceConfigAndMarkerViolationsWithTheirHunks() {
        Map<String, String> hunks = DiffViolations.splitByFile(DIFF);
        assertThat(hunks).containsOnlyKeys("src/pkg/core.py", "tests/test_core.py", ".coveragerc");
        Modifications modifications = new Modifications(List.of(
                new FileChange("src/pkg/core.py", Kind.MODIFIED, Category.SOURCE, 1, 1, false),
                new FileChange("tests/test_core.py", Kind.ADDED, Category.TEST, 9, 0, false),
                new FileChange(".coveragerc", Kind.DELETED, Category.CONFIG, 0, 1, false)));
        List<Violation> violations = DiffViolations.find(modifications, hunks);
        assertThat(violations).extracting(Violation::kind, Violation::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Violation.Kind.SOURCE_MODIFIED, "src/pkg/core.py"),
                org.assertj.core.groups.Tuple.tuple(Violation.Kind.EXCLUSION_MARKER_ADDED, "src/pkg/core.py"),
                org.assertj.core.groups.Tuple.tuple(Violation.Kind.CONFIG_MODIFIED, ".coveragerc"));
        assertThat(violations.get(1).evidence()).isEqualTo("+def hard(x):  # pragma: no cover");
        assertThat(violations.get(2).message()).isEqualTo("configuration file deleted");
    }

    @Test
    void countsAddedTestFunctionsAndFindsThoseWithoutAssertions() {
        Map<String, String> hunks = DiffViolations.splitByFile(DIFF);
        AssertionCheck.Result result = AssertionCheck.check(Map.of("tests/test_core.py", hunks.get("tests/test_core.py")),
                Pattern.compile("^\\+?\\s*(?:async\\s+)?def\\s+(test\\w*)\\s*\\("),
                Pattern.compile("\\bassert\\b|pytest\\.raises"));
        assertThat(result.testFunctionsAdded()).isEqualTo(3);
        assertThat(result.assertionFree()).containsExactly("tests/test_core.py::test_only_calls");
    }
}
