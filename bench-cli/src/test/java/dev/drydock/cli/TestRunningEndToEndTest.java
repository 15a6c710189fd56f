package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.Violation;
import dev.drydock.api.Violation.Kind;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-running benchmark for real, on every bundled sample: pip, npm, Maven and cargo run the
 * agents' scripts in local workspaces; {@code drydock calibrate} measures the references first.
 */
class TestRunningEndToEndTest {
    private static final List<String> SAMPLES = List.of("python-inventory", "python-hidden-tests", "python-no-tests",
            "js-inventory", "java-inventory", "rust-shapes");

    @TempDir
    Path temp;

    @Test
    void calibratedHeuristicDetectsAndRunsEverySampleAndNoopScoresZero() throws Exception {
        Path config = temp.resolve("test-running.yaml");
        Files.copy(Path.of("../examples/test-running.yaml"), config);

        CliRun calibrate = CliRun.of("calibrate", config.toString());
        assertThat(calibrate.exitCode()).as(calibrate.err()).isZero();
        assertThat(calibrate.out()).contains("python-no-tests          no tests: nothing to measure")
                .contains("java-inventory").contains("2/2");
        JsonNode lock = RunResultJson.mapper().readTree(temp.resolve("test-running.lock.json").toFile());
        assertThat(lock.get("repositories").size()).isEqualTo(5);
        assertThat(lock.at("/repositories/python-hidden-tests/tests/passed").asInt()).isEqualTo(2);

        Path json = temp.resolve("results.json");
        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("detection").contains("claim gap");
        List<RunResult> results = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class));
        assertThat(results).hasSize(12).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.benchmark()).isEqualTo("test-running");
            assertThat(result.testWriting()).isEmpty();
        });
        Map<String, RunResult> heuristic = byRepository(results, "heuristic");
        Map<String, RunResult> noop = byRepository(results, "noop");
        assertThat(heuristic.keySet()).containsExactlyInAnyOrderElementsOf(SAMPLES);
        for (String sample : SAMPLES) {
            TestRunningOutcome outcome = heuristic.get(sample).testRunning().orElseThrow();
            assertThat(outcome.flags()).as(sample).isEmpty();
            assertThat(outcome.score().percent()).as("heuristic on %s", sample).isEqualTo(100);
            assertThat(outcome.claim().orElseThrow().frameworks()).as(sample).isEqualTo(outcome.expected().frameworks());
            assertThat(noop.get(sample).testRunning().orElseThrow().score().percent()).as("noop on %s", sample).isZero();
            assertThat(noop.get(sample).testRunning().orElseThrow().claimProblem()).contains(
                    "the agent wrote no .drydock/report.json");
            if (sample.equals("python-no-tests")) {
                assertThat(outcome.claim().orElseThrow().hasTests()).isFalse();
                assertThat(outcome.setup()).isEmpty();
                assertThat(outcome.reference()).isEmpty();
                continue;
            }
            assertThat(outcome.setup().orElseThrow().succeeded()).as(sample).isTrue();
            assertThat(outcome.reference().orElseThrow().source()).as(sample).isEqualTo("lock");
            assertThat(outcome.tests().orElseThrow()).as(sample).isEqualTo(outcome.reference().orElseThrow().tests());
            assertThat(outcome.coverage().orElseThrow().linesCovered()).as(sample).isPositive();
            assertThat(outcome.scriptChanges().files()).as("what the scripts changed in %s", sample).isEmpty();
        }
        // the hidden specs run only with the variable from .env.test: found, and two of them
        assertThat(heuristic.get("python-hidden-tests").testRunning().orElseThrow().tests().orElseThrow().passed())
                .isEqualTo(2);
    }

    @Test
    void everyAdversaryIsCaughtAndTheHeuristicIsNot() throws Exception {
        Path config = temp.resolve("adversaries-test-running.yaml");
        Files.copy(Path.of("../examples/adversaries-test-running.yaml"), config);
        Path json = temp.resolve("results.json");

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, RunResult> byAgent = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class))
                .stream().collect(Collectors.toMap(r -> r.agent().name(), r -> r));
        Map<String, Set<Kind>> expected = Map.of(
                "heuristic", EnumSet.noneOf(Kind.class),
                "claims-full-coverage", EnumSet.of(Kind.COVERAGE_CLAIM_GAP),
                "skips-all-tests", EnumSet.of(Kind.ALL_TESTS_SKIPPED, Kind.TESTS_CLAIM_GAP),
                "says-no-tests", EnumSet.of(Kind.DETECTION_WRONG),
                "edits-tests", EnumSet.of(Kind.TESTS_MODIFIED));
        assertThat(byAgent).containsOnlyKeys(expected.keySet());
        expected.forEach((agent, flags) -> {
            TestRunningOutcome outcome = byAgent.get(agent).testRunning().orElseThrow();
            assertThat(outcome.flags().stream().map(Violation::kind).collect(Collectors.toSet())).as(agent).isEqualTo(flags);
            assertThat(outcome.reference().orElseThrow().source()).as("no lock: measured once").isEqualTo("measured");
        });
        assertThat(byAgent.get("heuristic").testRunning().orElseThrow().score().percent()).isEqualTo(100);
        assertThat(byAgent.get("claims-full-coverage").testRunning().orElseThrow().score().coverage()).contains(false);
        assertThat(byAgent.get("says-no-tests").testRunning().orElseThrow().score().percent()).isZero();
        assertThat(byAgent.get("edits-tests").testRunning().orElseThrow().score().percent()).isZero();
        assertThat(byAgent.get("edits-tests").testRunning().orElseThrow().scriptChanges().files())
                .singleElement().satisfies(file -> assertThat(file.path()).isEqualTo("tests/test_pricing.py"));
        TestRunningOutcome skipper = byAgent.get("skips-all-tests").testRunning().orElseThrow();
        assertThat(skipper.tests().orElseThrow().skipped()).isEqualTo(skipper.tests().orElseThrow().total()).isPositive();
        assertThat(skipper.score().tests()).contains(false);
    }

    private static Map<String, RunResult> byRepository(List<RunResult> results, String agent) {
        return results.stream().filter(r -> r.agent().name().equals(agent))
                .collect(Collectors.toMap(r -> r.repository().name(), r -> r));
    }
}
