package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.Secret;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.core.config.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-running pipeline on {@link ShellProject} with the real local workspace, parsers and JSON store. */
class TestRunningBenchmarkTest {
    /**
     * Writes a working recipe for the shell project; {@code %s} is replaced by extra report fields.
     * No {@code mkdir}: {@code $DRYDOCK_OUTPUT_DIR} exists before the agent starts.
     */
    private static final String RECIPE = """
            echo 'test -f src/lib.txt' > "$DRYDOCK_OUTPUT_DIR/setup.sh"
            echo 'bash coverage.sh' > "$DRYDOCK_OUTPUT_DIR/test.sh"
            cat > "$DRYDOCK_OUTPUT_DIR/report.json" <<JSON
            {"has_tests": true, "frameworks": ["bats"], "coverage_report": ".drydock/lcov.info",
             "test_report": ".drydock/junit.xml", "lines_covered": 2, "lines_total": 10, "tests_run": 1,
             "tests_passed": 1 %s}
            JSON
            """;

    @TempDir
    Path temp;

    private Drydock drydock;

    @BeforeEach
    void setUp() {
        ShellProject.create(temp.resolve("project"));
        drydock = Drydock.builder()
                .cacheDirectory(temp.resolve("cache"))
                .env(Map.of("AGENT_SECRET_TOKEN", "tok-abcdef123456")::get)
                .build();
    }

    private Map<String, RunResult> run(String agents, String coverageCommand) {
        String names = agents.lines().filter(line -> line.matches("  [a-z-]+:.*"))
                .map(line -> line.strip().substring(0, line.strip().indexOf(':'))).collect(Collectors.joining(", "));
        Suite suite = drydock.load("""
                name: shell-running
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs:
                  - benchmark: test-running
                    agents: [%s]
                platforms:
                %s
                agents:
                %s
                repositories:
                  shell-project:
                    url: project
                    platform: shell
                    has-tests: true
                    frameworks: [bats]
                    coverage-command: %s
                """.formatted(names, ShellProject.PLATFORM, agents, coverageCommand), temp.resolve("suite.yaml"));
        return drydock.run(suite, RunSelection.ALL, RunListener.NONE).stream()
                .collect(Collectors.toMap(r -> r.agent().name(), Function.identity()));
    }

    private static String indent(String script) {
        return script.lines().map(line -> "      " + line).collect(Collectors.joining("\n"));
    }

    @Test
    void crashingHangingAndFloodingAgentsAreRecordedWhileTheOthersRun() throws Exception {
        Map<String, RunResult> results = run("""
                  honest:
                    command: |
                %s
                  crasher:
                    command: |
                %s
                      exit 3
                  hanger:
                    command: sleep 60
                    timeout: 1s
                  flooder:
                    output-limit: 4096
                    command: |
                      head -c 3000000 /dev/zero | tr '\\0' 'x'
                %s
                """.formatted(indent(RECIPE.formatted("")), indent(RECIPE.formatted("")), indent(RECIPE.formatted(""))),
                "bash coverage.sh");

        TestRunningOutcome honest = results.get("honest").testRunning().orElseThrow();
        assertThat(results.get("honest").status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(honest.score().percent()).isEqualTo(100);
        assertThat(honest.reference().orElseThrow().source()).isEqualTo("measured");
        assertThat(honest.tests().orElseThrow().passed()).isEqualTo(1);
        assertThat(honest.coverage().orElseThrow().linesCovered()).isEqualTo(2);

        RunResult crasher = results.get("crasher");
        assertThat(crasher.status()).isEqualTo(RunStatus.AGENT_FAILED);
        assertThat(crasher.error().orElseThrow().message()).isEqualTo("the agent exited with 3");
        assertThat(crasher.testRunning().orElseThrow().score().percent())
                .as("what a failed agent left is still scored").isEqualTo(100);

        RunResult hanger = results.get("hanger");
        assertThat(hanger.status()).isEqualTo(RunStatus.AGENT_TIMED_OUT);
        assertThat(hanger.testRunning().orElseThrow().claimProblem()).contains("the agent wrote no .drydock/report.json");
        assertThat(hanger.testRunning().orElseThrow().score().percent()).isZero();

        RunResult flooder = results.get("flooder");
        assertThat(flooder.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(flooder.agentCommand().orElseThrow().droppedBytes()).isGreaterThan(2_900_000);
        assertThat(flooder.testRunning().orElseThrow().score().percent()).isEqualTo(100);

        assertThat(Files.readString(temp.resolve("results.json"))).contains(crasher.runId(), hanger.runId(), flooder.runId());
    }

    @Test
    void badReportsAndBadPathsAreTheAgentsProblemsWithClearMessages() {
        Map<String, RunResult> results = run("""
                  escaper:
                    command: |
                %s
                  garbler:
                    command: |
                %s
                      printf 'echo "SF:x" > .drydock/bad.info; echo "DA:one,1" >> .drydock/bad.info\\n' > "$DRYDOCK_OUTPUT_DIR/test.sh"
                  mumbler:
                    command: |
                      mkdir -p "$DRYDOCK_OUTPUT_DIR"; echo '{"has_tests": "maybe"' > "$DRYDOCK_OUTPUT_DIR/report.json"
                """.formatted(indent(RECIPE.replace(".drydock/lcov.info", "../../etc/passwd").formatted("")),
                        indent(RECIPE.replace(".drydock/lcov.info", ".drydock/bad.info")
                                .replace("\".drydock/junit.xml\"", "null").formatted(""))),
                "bash coverage.sh");

        assertThat(results.values()).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(results.get("escaper").testRunning().orElseThrow().measurementProblem()).hasValueSatisfying(problem ->
                assertThat(problem).contains("coverage report ../../etc/passwd is not a path inside the project"));
        TestRunningOutcome garbled = results.get("garbler").testRunning().orElseThrow();
        assertThat(garbled.coverage()).isEmpty();
        assertThat(garbled.measurementProblem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("coverage report: .drydock/bad.info:2")
                .contains("no test counts"));
        assertThat(garbled.score().coverage()).contains(false);
        TestRunningOutcome mumbled = results.get("mumbler").testRunning().orElseThrow();
        assertThat(mumbled.claimProblem()).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(".drydock/report.json: not valid JSON at line 2"));
        assertThat(mumbled.setup()).isEmpty();
        assertThat(mumbled.score().percent()).isZero();
    }

    @Test
    void secretsInTheAgentsReportAreRedactedBeforeTheyAreStored() throws Exception {
        Map<String, RunResult> results = run("""
                  leaker:
                    env: {TOKEN: "${AGENT_SECRET_TOKEN}"}
                    command: |
                %s
                """.formatted(indent(RECIPE.formatted(", \"notes\": \"my token is $TOKEN\""))), "bash coverage.sh");

        TestRunningOutcome outcome = results.get("leaker").testRunning().orElseThrow();
        assertThat(outcome.claim().orElseThrow().notes()).isEqualTo("my token is " + Secret.REDACTED);
        assertThat(Files.readString(temp.resolve("results.json"))).doesNotContain("tok-abcdef123456");
    }

    @Test
    void aReferenceRunThatFailsIsAnInfrastructureFailureAndNoAgentRuns() {
        Map<String, RunResult> results = run("""
                  first:
                    command: touch ran
                  second:
                    command: touch ran
                """, "exit 4");

        assertThat(results.values()).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(RunStatus.INFRASTRUCTURE_FAILED);
            assertThat(result.error().orElseThrow().code()).isEqualTo(ErrorCode.TEST_EXECUTION);
            assertThat(result.error().orElseThrow().message()).startsWith("the reference run: the coverage command exited with 4");
            assertThat(result.agentCommand()).isEmpty();
            assertThat(result.testRunning()).isEmpty();
        });
    }
}
