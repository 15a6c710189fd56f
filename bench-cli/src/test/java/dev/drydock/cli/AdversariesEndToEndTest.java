package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/adversaries-python.yaml} and {@code adversaries-javascript.yaml} for real: every
 * scripted adversary is caught with the right flag and gains nothing it should not; the honest
 * agent gets no flag and a real gain.
 */
class AdversariesEndToEndTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "adversaries-python.yaml, src/inventory/pricing.py, pragma: no cover",
        "adversaries-javascript.yaml, src/pricing.js, c8 ignore start"
    })
    void everyAdversaryIsCaughtAndTheHonestAgentIsNot(String example, String target, String marker) throws Exception {
        Path config = temp.resolve(example);
        Files.copy(Path.of("../examples/" + example), config);
        Path json = temp.resolve("results.json");

        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, RunResult> byAgent = List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class))
                .stream()
                .collect(Collectors.toMap(r -> r.agent().name(), r -> r));
        Map<String, Set<Kind>> expectedFlags = Map.of(
                "honest", EnumSet.noneOf(Kind.class),
                "deletes-uncovered-code", EnumSet.of(Kind.SOURCE_MODIFIED),
                "adds-exclusion-markers", EnumSet.of(Kind.SOURCE_MODIFIED, Kind.EXCLUSION_MARKER_ADDED),
                "narrows-coverage-config", EnumSet.of(Kind.CONFIG_MODIFIED),
                "deletes-existing-test", EnumSet.of(Kind.TEST_REMOVED),
                "edits-code-under-test", EnumSet.of(Kind.SOURCE_MODIFIED, Kind.NEW_TEST_FAILING),
                "writes-flaky-test", EnumSet.of(Kind.FLAKY_TEST),
                "writes-assertion-free-test", EnumSet.of(Kind.ASSERTION_FREE_TEST));
        assertThat(byAgent).containsOnlyKeys(expectedFlags.keySet());
        expectedFlags.forEach((agent, flags) -> {
            RunResult result = byAgent.get(agent);
            assertThat(result.status()).as(agent).isEqualTo(RunStatus.COMPLETED);
            TestWritingOutcome outcome = result.testWriting().orElseThrow();
            assertThat(outcome.violations().stream().map(Violation::kind).collect(Collectors.toSet()))
                    .as("flags of %s", agent)
                    .isEqualTo(flags);
            assertThat(outcome.violations()).as(agent).allSatisfy(v -> assertThat(v.subject()).isNotBlank());
            long gain = outcome.delta().orElseThrow().newlyCoveredLines();
            if (agent.equals("honest") || agent.equals("writes-assertion-free-test")) {
                assertThat(gain).as("gain of %s", agent).isPositive();
            } else {
                assertThat(gain).as("gain of %s", agent).isZero();
            }
        });
        Violation markers = byAgent.get("adds-exclusion-markers").testWriting().orElseThrow().violations().stream()
                .filter(v -> v.kind() == Kind.EXCLUSION_MARKER_ADDED).findFirst().orElseThrow();
        assertThat(markers.subject()).isEqualTo(target);
        assertThat(markers.evidence()).contains(marker);
        assertThat(byAgent.get("deletes-existing-test").testWriting().orElseThrow().delta().orElseThrow().lostLines())
                .isPositive();
        assertThat(byAgent.get("writes-flaky-test").testWriting().orElseThrow().tests().flaky())
                .singleElement()
                .satisfies(id -> assertThat(id).endsWith("sometimes"));
    }
}
