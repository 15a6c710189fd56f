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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drydock run examples/quickstart.yaml} for real: Python virtualenvs, pytest, coverage.py and
 * Hypothesis's ghostwriter installed from PyPI into local workspaces.
 */
class QuickstartEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void ghostwriterRaisesCoverageAndNoopDoesNot() throws Exception {
        Path config = temp.resolve("quickstart.yaml");
        Files.copy(Path.of("../examples/quickstart.yaml"), config);
        Path json = temp.resolve("invocation.json");

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("cov before").contains("hypothesis-ghostwriter").contains("noop");
        List<RunResult> results = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class));
        assertThat(results).hasSize(4);
        assertThat(results).allSatisfy(result -> assertThat(result.status()).isEqualTo(RunStatus.COMPLETED));
        for (RunResult result : results) {
            TestWritingOutcome outcome = result.testWriting().orElseThrow();
            long newlyCovered = outcome.delta().orElseThrow().newlyCoveredLines();
            if (result.agent().name().equals("noop")) {
                assertThat(newlyCovered).as("noop on %s", result.target()).isZero();
                assertThat(outcome.modifications().files()).isEmpty();
                assertThat(outcome.tests().added()).isEmpty();
                assertThat(outcome.violations()).isEmpty();
            } else {
                assertThat(newlyCovered).as("ghostwriter on %s", result.target()).isPositive();
                assertThat(outcome.targetAfter().orElseThrow().linesCovered())
                        .isGreaterThan(outcome.targetBefore().orElseThrow().linesCovered());
                assertThat(outcome.tests().added()).isNotEmpty().allMatch(id -> id.contains("ghostwritten"));
                assertThat(outcome.modifications().files()).singleElement().satisfies(file -> {
                    assertThat(file.path()).endsWith("_ghostwritten.py");
                    assertThat(file.category()).isEqualTo(FileChange.Category.TEST);
                });
                // property-based smoke tests call the code and check nothing: the static check says so
                assertThat(outcome.violations()).isNotEmpty()
                        .allSatisfy(v -> assertThat(v.kind()).isEqualTo(Violation.Kind.ASSERTION_FREE_TEST));
                assertThat(outcome.tests().testFunctionsAdded()).isEqualTo(outcome.tests().added().size());
            }
        }
        // the store kept the same results
        String stored = Files.readString(temp.resolve("results/quickstart.json"));
        assertThat(RunResultJson.mapper().readTree(stored).get("results")).hasSize(4);
    }
}
