package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart through the real derrick 0.4.0 in local mode, compared with the local provider; and a
 * Derrick killed in the middle of a run.
 */
class DerrickEndToEndTest {
    @TempDir
    Path temp;

    private List<RunResult> run(String name, String yaml, String... extra) throws Exception {
        Path config = temp.resolve(name + ".yaml");
        Files.writeString(config, yaml);
        Path json = temp.resolve(name + "-results.json");
        String[] args = new String[3 + extra.length];
        args[0] = "run";
        args[1] = config.toString();
        args[2] = "--results-json=" + json;
        System.arraycopy(extra, 0, args, 3, extra.length);
        CliRun run = CliRun.of(args);
        assertThat(json).as(run.err()).exists();
        return List.of(RunResultJson.mapper().readValue(json.toFile(), RunResult[].class));
    }

    @Test
    void theQuickstartThroughDerrickMatchesTheLocalProvider() throws Exception {
        String quickstart = Files.readString(Path.of("../examples/quickstart.yaml"));
        List<RunResult> derrick = run("derrick", quickstart.replace("provider: local", "provider: derrick"));
        List<RunResult> local = run("local", quickstart, "--agent", "noop");

        assertThat(derrick).hasSize(4).allSatisfy(result -> {
            assertThat(result.status()).as(result.error().toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.environment().get("workspace")).startsWith("derrick");
        });
        Map<String, RunResult> localNoop = local.stream().collect(Collectors.toMap(r -> r.target().orElseThrow(), r -> r));
        for (RunResult result : derrick) {
            TestWritingOutcome outcome = result.testWriting().orElseThrow();
            TestWritingOutcome reference = localNoop.get(result.target().orElseThrow()).testWriting().orElseThrow();
            // the baseline is deterministic: the same project, the same tools, the same numbers
            assertThat(outcome.coverageBefore()).isEqualTo(reference.coverageBefore());
            assertThat(outcome.testsBefore()).isEqualTo(reference.testsBefore());
            long gained = outcome.delta().orElseThrow().newlyCoveredLines();
            if (result.agent().name().equals("noop")) {
                assertThat(gained).isZero();
                assertThat(outcome.coverageAfter()).isEqualTo(reference.coverageAfter());
            } else {
                assertThat(gained).as("ghostwriter on %s", result.target()).isPositive();
            }
        }
        assertThat(temp.resolve("derrick-logs")).isDirectoryContaining(path -> path.toString().endsWith("-replay.log"));
    }

    @Test
    void aDerrickKilledInTheMiddleOfARunIsAnInfrastructureFailureAndTheNextRunProceeds() throws Exception {
        List<RunResult> results = run("killed", """
                name: killed
                workspace: {provider: derrick}
                store: {provider: json, path: results.json}
                runs:
                  - agents: [kills-derrick, noop]
                    repositories: [python-inventory]
                    test-runs: 1
                repositories:
                  python-inventory:
                    template: python-inventory
                    targets: [{file: src/inventory/stock.py, test-file: tests/test_stock.py}]
                agents:
                  kills-derrick:
                    command: pkill -f 'derrick -p local'; sleep 1
                  noop: {template: noop}
                """);

        assertThat(results).hasSize(2);
        RunResult killed = results.get(0);
        assertThat(killed.agent().name()).isEqualTo("kills-derrick");
        assertThat(killed.status()).isEqualTo(RunStatus.INFRASTRUCTURE_FAILED);
        assertThat(killed.error().orElseThrow().code()).isEqualTo(ErrorCode.WORKSPACE);
        assertThat(killed.error().orElseThrow().message()).contains("derrick stopped answering").contains("Its log ends with");
        assertThat(results.get(1).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(results.get(1).testWriting().orElseThrow().delta().orElseThrow().newlyCoveredLines()).isZero();
    }
}
