package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.FileChange;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rust sample with cargo-llvm-cov for real: tests added inside {@code #[cfg(test)]} count as
 * test changes; in a file that also changes source, only the test hunks are replayed.
 */
class RustInlineTestsEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void inlineTestsAreTestsAndSourceChangesBesideThemAreNot() throws Exception {
        Path config = temp.resolve("rust.yaml");
        Files.writeString(config, """
                runs: [{agents: [inline, mixed], repositories: [rust-shapes]}]
                agents:
                  inline:
                    command: |
                      python3 - <<'PY'
                      p = "src/lib.rs"
                      s = open(p).read()
                      s = s.replace("    fn zero() {", "    fn sums() {\\n        assert_eq!(sum_below(3), 3);\\n    }\\n\\n    #[test]\\n    fn zero() {")
                      open(p, "w").write(s)
                      PY
                  mixed:
                    command: |
                      python3 - <<'PY'
                      p = "src/lib.rs"
                      s = open(p).read()
                      s = s.replace("    fn zero() {", "    fn sums() {\\n        assert_eq!(sum_below(3), 3);\\n    }\\n\\n    #[test]\\n    fn zero() {")
                      s = s.replace('"positive"\\n', '"positive" // changed\\n', 1)
                      open(p, "w").write(s)
                      PY
                """);
        Path json = temp.resolve("results.json");
        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, RunResult> byAgent = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class))
                .stream().collect(Collectors.toMap(r -> r.agent().name(), r -> r));

        for (String agent : List.of("inline", "mixed")) {
            RunResult result = byAgent.get(agent);
            assertThat(result.status()).as(agent).isEqualTo(RunStatus.COMPLETED);
            TestWritingOutcome outcome = result.testWriting().orElseThrow();
            // sum_below was uncovered: its lines are newly covered by the replayed inline test
            assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).as(agent).isPositive();
            assertThat(outcome.testsAfter().orElseThrow().total()).isEqualTo(outcome.testsBefore().total() + 1);
            assertThat(outcome.testsPrecise()).isFalse(); // cargo test writes no JUnit: counts only
        }
        TestWritingOutcome inline = byAgent.get("inline").testWriting().orElseThrow();
        assertThat(inline.modifications().files()).singleElement()
                .satisfies(f -> assertThat(f.category()).isEqualTo(FileChange.Category.TEST));
        assertThat(inline.violations()).isEmpty();
        TestWritingOutcome mixed = byAgent.get("mixed").testWriting().orElseThrow();
        assertThat(mixed.modifications().files()).singleElement()
                .satisfies(f -> assertThat(f.category()).isEqualTo(FileChange.Category.SOURCE));
        assertThat(mixed.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.SOURCE_MODIFIED);
            assertThat(v.evidence()).contains("// changed").doesNotContain("fn sums");
        });
    }
}
